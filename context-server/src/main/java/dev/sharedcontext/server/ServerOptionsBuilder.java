package dev.sharedcontext.server;

import dev.sharedcontext.core.JsonLimits;
import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.codec.CompressionPolicy;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds {@link ServerOptions} ({@link ServerOptions#builder()}, {@link ServerOptions#mutate()}); every
 * setter checks its argument at once. Not thread-safe.
 */
public final class ServerOptionsBuilder {
  StoreOptions storeOptions = StoreOptions.defaults();
  String redisUri = ServerOptions.DEFAULT_REDIS_URI;
  String redisKeyPrefix = ServerOptions.DEFAULT_REDIS_KEY_PREFIX;
  boolean redisCluster;
  int maxBodyBytes = ServerOptions.DEFAULT_MAX_BODY_BYTES;
  int maxFrameBytes = ServerOptions.DEFAULT_MAX_FRAME_BYTES;
  int maxInitialLineBytes = ServerOptions.DEFAULT_MAX_INITIAL_LINE_BYTES;
  int maxHeaderBytes = ServerOptions.DEFAULT_MAX_HEADER_BYTES;
  JsonLimits jsonLimits = JsonLimits.DEFAULTS;
  int maxSubscribersPerProject = ServerOptions.DEFAULT_MAX_SUBSCRIBERS_PER_PROJECT;
  int maxConnections = ServerOptions.DEFAULT_MAX_CONNECTIONS;
  List<String> corsOrigins = ServerOptions.DEFAULT_CORS_ORIGINS;
  List<AccessToken> accessTokens = List.of();
  Duration requestTimeout = ServerOptions.DEFAULT_REQUEST_TIMEOUT;
  Duration pingInterval = ServerOptions.DEFAULT_PING_INTERVAL;
  int writeBufferLowWaterMark = ServerOptions.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
  int writeBufferHighWaterMark = ServerOptions.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
  Duration shutdownQuietPeriod = ServerOptions.DEFAULT_SHUTDOWN_QUIET_PERIOD;
  Duration shutdownTimeout = ServerOptions.DEFAULT_SHUTDOWN_TIMEOUT;
  int ioThreads = ServerOptions.DEFAULT_IO_THREADS;
  int handlerThreads = ServerOptions.DEFAULT_HANDLER_THREADS;
  long snapshotCacheBytes = ServerOptions.DEFAULT_SNAPSHOT_CACHE_BYTES;
  int metricsMaxContexts = ServerOptions.DEFAULT_METRICS_MAX_CONTEXTS;
  Duration metricsStreamInterval = ServerOptions.DEFAULT_METRICS_STREAM_INTERVAL;
  CompressionPolicy compression = CompressionPolicy.DEFAULTS;
  boolean webSocketCompression = ServerOptions.DEFAULT_WEB_SOCKET_COMPRESSION;
  PriorityRules priorityRules = ServerOptions.DEFAULT_PRIORITY_RULES;
  Map<String, PriorityRules> projectPriorityRules = new HashMap<>();
  Map<String, PriorityRules> agentPriorityRules = new HashMap<>();
  Supplier<TokenCounter> tokenCounter = TokenCounter::shared;

  ServerOptionsBuilder() {}

  ServerOptionsBuilder(ServerOptions o) {
    storeOptions = o.storeOptions;
    redisUri = o.redisUri;
    redisKeyPrefix = o.redisKeyPrefix;
    redisCluster = o.redisCluster;
    maxBodyBytes = o.maxBodyBytes;
    maxFrameBytes = o.maxFrameBytes;
    maxInitialLineBytes = o.maxInitialLineBytes;
    maxHeaderBytes = o.maxHeaderBytes;
    jsonLimits = o.jsonLimits;
    maxSubscribersPerProject = o.maxSubscribersPerProject;
    maxConnections = o.maxConnections;
    corsOrigins = o.corsOrigins;
    accessTokens = o.accessTokens;
    requestTimeout = o.requestTimeout;
    pingInterval = o.pingInterval;
    writeBufferLowWaterMark = o.writeBufferLowWaterMark;
    writeBufferHighWaterMark = o.writeBufferHighWaterMark;
    shutdownQuietPeriod = o.shutdownQuietPeriod;
    shutdownTimeout = o.shutdownTimeout;
    ioThreads = o.ioThreads;
    handlerThreads = o.handlerThreads;
    snapshotCacheBytes = o.snapshotCacheBytes;
    metricsMaxContexts = o.metricsMaxContexts;
    metricsStreamInterval = o.metricsStreamInterval;
    compression = o.compression;
    webSocketCompression = o.webSocketCompression;
    priorityRules = o.priorityRules;
    projectPriorityRules = new HashMap<>(o.projectPriorityRules);
    agentPriorityRules = new HashMap<>(o.agentPriorityRules);
    tokenCounter = o.tokenCounter;
  }

  /**
   * Options of the memory store the server creates when it is given none (default
   * {@link StoreOptions#defaults()}: context bytes, projects, versions kept...).
   */
  public ServerOptionsBuilder storeOptions(StoreOptions value) {
    this.storeOptions = Objects.requireNonNull(value, "storeOptions");
    return this;
  }

  /**
   * Keeps the contexts in Redis instead of memory, for several server instances sharing one
   * Redis (default null: the memory store). Lettuce's URI forms: {@code redis://[password@]host:port[/db]},
   * {@code rediss://} for TLS, {@code redis-sentinel://host:port[,host:port]/db#masterName};
   * with {@link #redisCluster}, any node of the cluster. The store is made, and Redis connected
   * to, when the server is built, by the {@link ContextStoreProvider} of {@code context-redis}
   * (which must be on the class path); the {@link #storeOptions} apply to it. Redis calls wait on
   * the network, so unless {@link #handlerThreads} is set the server then runs its handlers on
   * {@value ServerOptions#DEFAULT_BLOCKING_STORE_HANDLER_THREADS} handler threads. Ignored when
   * the server is given a store.
   */
  public ServerOptionsBuilder redisUri(String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException("redisUri must not be blank (null for the memory store)");
    }
    this.redisUri = value;
    return this;
  }

  /**
   * Prepended to the Redis store's keys and feed channel (default
   * {@value ServerOptions#DEFAULT_REDIS_KEY_PREFIX}): servers with one prefix share their
   * contexts, servers with different prefixes on one Redis do not see each other. No braces
   * (they would change the Cluster hash tag).
   */
  public ServerOptionsBuilder redisKeyPrefix(String value) {
    Objects.requireNonNull(value, "redisKeyPrefix");
    if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0 || value.length() > 256) {
      throw new IllegalArgumentException("redisKeyPrefix must be at most 256 characters without braces: " + value);
    }
    this.redisKeyPrefix = value;
    return this;
  }

  /** True if {@link #redisUri} names a node of a Redis Cluster (default false). */
  public ServerOptionsBuilder redisCluster(boolean value) {
    this.redisCluster = value;
    return this;
  }

  /** Largest request body in bytes, at least 1 (default {@value ServerOptions#DEFAULT_MAX_BODY_BYTES}); past it: 413. */
  public ServerOptionsBuilder maxBodyBytes(int value) {
    this.maxBodyBytes = atLeast(1, value, "maxBodyBytes");
    return this;
  }

  /** Largest WebSocket message in bytes, at least 125 (default {@value ServerOptions#DEFAULT_MAX_FRAME_BYTES}). */
  public ServerOptionsBuilder maxFrameBytes(int value) {
    this.maxFrameBytes = atLeast(125, value, "maxFrameBytes");
    return this;
  }

  /** Largest request line, at least 256 (default {@value ServerOptions#DEFAULT_MAX_INITIAL_LINE_BYTES}); past it: 414. */
  public ServerOptionsBuilder maxInitialLineBytes(int value) {
    this.maxInitialLineBytes = atLeast(256, value, "maxInitialLineBytes");
    return this;
  }

  /** Largest header block, at least 1024 (default {@value ServerOptions#DEFAULT_MAX_HEADER_BYTES}); past it: 431. */
  public ServerOptionsBuilder maxHeaderBytes(int value) {
    this.maxHeaderBytes = atLeast(1024, value, "maxHeaderBytes");
    return this;
  }

  /** JSON parsing limits: depth, string and name lengths (default {@link JsonLimits#DEFAULTS}). */
  public ServerOptionsBuilder jsonLimits(JsonLimits value) {
    this.jsonLimits = Objects.requireNonNull(value, "jsonLimits");
    return this;
  }

  /** Open subscribers per project, at least 1 (default {@value ServerOptions#DEFAULT_MAX_SUBSCRIBERS_PER_PROJECT}); past it: 429. */
  public ServerOptionsBuilder maxSubscribersPerProject(int value) {
    this.maxSubscribersPerProject = atLeast(1, value, "maxSubscribersPerProject");
    return this;
  }

  /** Open connections, at least 1 (default {@value ServerOptions#DEFAULT_MAX_CONNECTIONS}). */
  public ServerOptionsBuilder maxConnections(int value) {
    this.maxConnections = atLeast(1, value, "maxConnections");
    return this;
  }

  /**
   * Origins allowed for CORS and WebSocket upgrades (default {@link ServerOptions#DEFAULT_CORS_ORIGINS}):
   * {@code scheme://host} allows any port, {@code scheme://host:port} that port only, {@code *}
   * every origin. A request carrying any other {@code Origin} gets 403.
   */
  public ServerOptionsBuilder corsOrigins(List<String> value) {
    List<String> copy = List.copyOf(Objects.requireNonNull(value, "corsOrigins"));
    for (String origin : copy) {
      if (!origin.equals("*") && !origin.matches("(?i)https?://[^/?#\\s]+")) {
        throw new IllegalArgumentException("corsOrigins entry must be * or scheme://host[:port]: " + origin);
      }
    }
    this.corsOrigins = copy;
    return this;
  }

  /** The accepted bearer tokens (default none: auth off). Tokens must be distinct. */
  public ServerOptionsBuilder accessTokens(List<AccessToken> value) {
    List<AccessToken> copy = List.copyOf(Objects.requireNonNull(value, "accessTokens"));
    if (copy.stream().map(AccessToken::token).distinct().count() != copy.size()) {
      throw new IllegalArgumentException("accessTokens holds the same token twice");
    }
    this.accessTokens = copy;
    return this;
  }

  /** Time for one complete HTTP request, positive (default 30 s); slower connections are closed. */
  public ServerOptionsBuilder requestTimeout(Duration value) {
    this.requestTimeout = positive(value, "requestTimeout");
    return this;
  }

  /** Silence after which a WebSocket is pinged, positive (default 30 s); after twice that, it is closed. */
  public ServerOptionsBuilder pingInterval(Duration value) {
    this.pingInterval = positive(value, "pingInterval");
    return this;
  }

  /**
   * Outbound buffer water marks per connection in bytes (defaults 512 KiB and 1 MiB). Above
   * {@code high} a subscriber is stalled: its updates are dropped, and one catch-up is sent
   * when the buffer falls below {@code low}.
   */
  public ServerOptionsBuilder writeBufferWaterMarks(int low, int high) {
    atLeast(1, low, "writeBufferLowWaterMark");
    if (high < low) {
      throw new IllegalArgumentException("writeBufferHighWaterMark must be >= the low mark: " + high + " < " + low);
    }
    this.writeBufferLowWaterMark = low;
    this.writeBufferHighWaterMark = high;
    return this;
  }

  /** Time in-flight requests get on close, not negative (default 2 s). */
  public ServerOptionsBuilder shutdownQuietPeriod(Duration value) {
    this.shutdownQuietPeriod = notNegative(value, "shutdownQuietPeriod");
    return this;
  }

  /** Upper bound of close(), not negative (default 15 s). */
  public ServerOptionsBuilder shutdownTimeout(Duration value) {
    this.shutdownTimeout = notNegative(value, "shutdownTimeout");
    return this;
  }

  /** I/O threads; 0 for half the processors, at least one (default {@value ServerOptions#DEFAULT_IO_THREADS}). */
  public ServerOptionsBuilder ioThreads(int value) {
    this.ioThreads = atLeast(0, value, "ioThreads");
    return this;
  }

  /**
   * Threads that run request handlers and store calls off the I/O threads (default 0: on the
   * I/O threads, right for the memory store; give some for a store that blocks, such as Redis).
   * A server that makes its Redis store from {@link #redisUri} uses
   * {@value ServerOptions#DEFAULT_BLOCKING_STORE_HANDLER_THREADS} when this is 0.
   */
  public ServerOptionsBuilder handlerThreads(int value) {
    this.handlerThreads = atLeast(0, value, "handlerThreads");
    return this;
  }

  /** Bytes of serialized snapshots kept (default 64 MiB). */
  public ServerOptionsBuilder snapshotCacheBytes(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("snapshotCacheBytes must not be negative: " + value);
    }
    this.snapshotCacheBytes = value;
    return this;
  }

  /** Largest contexts listed in {@code /metrics} (default {@value ServerOptions#DEFAULT_METRICS_MAX_CONTEXTS}). */
  public ServerOptionsBuilder metricsMaxContexts(int value) {
    this.metricsMaxContexts = atLeast(0, value, "metricsMaxContexts");
    return this;
  }

  /**
   * Time between two readings pushed to each {@code /metrics/stream} listener, 100 ms to 1 h
   * (default 1 s). Nothing is read while nobody listens; each reading walks the store once.
   */
  public ServerOptionsBuilder metricsStreamInterval(Duration value) {
    positive(value, "metricsStreamInterval");
    if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("metricsStreamInterval must be 100 ms to 1 h: " + value);
    }
    this.metricsStreamInterval = value;
    return this;
  }

  /** Compression policy (default {@link CompressionPolicy#DEFAULTS}). */
  public ServerOptionsBuilder compression(CompressionPolicy value) {
    this.compression = Objects.requireNonNull(value, "compression");
    return this;
  }

  /**
   * The priority rules of every window (default {@link ServerOptions#DEFAULT_PRIORITY_RULES}, the
   * original system's table); project and agent rules are layered over them.
   */
  public ServerOptionsBuilder priorityRules(PriorityRules value) {
    this.priorityRules = Objects.requireNonNull(value, "priorityRules");
    return this;
  }

  /**
   * Rules for the windows of one project, over {@link #priorityRules(PriorityRules)}: a rule
   * here wins over a default rule of the same prefix, and its fallback replaces the default's.
   * Replaces what was set for the project before; more can be set at run time with
   * {@code PUT /context/{id}/rules}.
   */
  public ServerOptionsBuilder projectPriorityRules(String projectId, PriorityRules rules) {
    ProjectIds.requireValid(projectId);
    this.projectPriorityRules.put(projectId, Objects.requireNonNull(rules, "rules"));
    return this;
  }

  /**
   * Rules for the windows of one agent (the {@code agentId} of the request or stream), in every
   * project, over the project's. Replaces what was set for the agent before.
   */
  public ServerOptionsBuilder agentPriorityRules(String agentId, PriorityRules rules) {
    Objects.requireNonNull(agentId, "agentId");
    if (agentId.isEmpty()) {
      throw new IllegalArgumentException("agentId must not be empty");
    }
    this.agentPriorityRules.put(agentId, Objects.requireNonNull(rules, "rules"));
    return this;
  }

  /**
   * Whether permessage-deflate (RFC 7692) is negotiated with WebSocket clients that offer it
   * (default {@value ServerOptions#DEFAULT_WEB_SOCKET_COMPRESSION}). Each compressing connection
   * holds about 300 KB of native zlib state; turn it off for very many subscribers on loopback.
   */
  public ServerOptionsBuilder webSocketCompression(boolean value) {
    this.webSocketCompression = value;
    return this;
  }

  /**
   * The token counter for {@code tokensSaved} and {@code tokensServed} (default
   * {@link TokenCounter#shared()}, o200k_base, which is the store's default too). It should count
   * like the store's, whose figure gives the tokens of whole contexts; best, it is the store's:
   * windows and token figures then count from the cache the commits filled.
   */
  public ServerOptionsBuilder tokenCounter(TokenCounter value) {
    Objects.requireNonNull(value, "tokenCounter");
    this.tokenCounter = () -> value;
    return this;
  }

  public ServerOptions build() {
    return new ServerOptions(this);
  }

  private static int atLeast(int min, int value, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  private static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }
}
