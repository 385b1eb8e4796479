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
 * The options of a {@link SharedContextServer}, immutable. Every default is a {@code DEFAULT_*}
 * constant in the block below; build with {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <p>Bounds that protect the server from one client: {@link #maxBodyBytes()} and
 * {@link #maxFrameBytes()} are enforced while reading, {@link #jsonLimits()} while parsing, and a
 * WebSocket subscriber that stops reading holds at most {@link #writeBufferHighWaterMark()} plus
 * one message in the server's outbound buffer before its updates are dropped and later replaced
 * by one catch-up.
 *
 * <p>Thread-safe.
 */
public final class ServerOptions {

  /** Interface bound by default: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Port bound by default. */
  public static final int DEFAULT_PORT = 3003;
  /** Largest HTTP request body, checked while reading (Content-Length or the bytes so far). */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  /** Largest WebSocket message (after reassembling fragments). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
  /** Largest HTTP request line. */
  public static final int DEFAULT_MAX_INITIAL_LINE_BYTES = 8 * 1024;
  /** Largest block of HTTP request headers. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  /** Open WebSocket subscribers per project. */
  public static final int DEFAULT_MAX_SUBSCRIBERS_PER_PROJECT = 10_000;
  /** Open connections (HTTP and WebSocket); connections past it are closed at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Origins allowed by CORS and for WebSocket upgrades: these hosts on any port. */
  public static final List<String> DEFAULT_CORS_ORIGINS = List.of("http://localhost", "http://127.0.0.1");
  /** Time for a complete HTTP request (headers and body) after connecting or after the last response. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** A WebSocket silent this long gets a ping; silent for twice as long, it is closed. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
  /** Outbound bytes per connection below which it is writable again. */
  public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 512 * 1024;
  /** Outbound bytes per connection above which a subscriber counts as stalled. */
  public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;
  /** Time in-flight requests get to finish when the server closes. */
  public static final Duration DEFAULT_SHUTDOWN_QUIET_PERIOD = Duration.ofSeconds(2);
  /** Upper bound of a whole {@code close()}. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);
  /**
   * I/O threads; 0 means half the processors, at least one ({@link #effectiveIoThreads()}).
   * Not Netty's twice the processors: the handlers never block (a store that does gets
   * {@code handlerThreads}), and an embedded server shares its machine with the agents it
   * serves. On 2 cores with the load generator on the same machine, one I/O thread answered
   * 89,000–90,000 GETs of a 10 KB context a second and four answered 71,000–72,000; commits and
   * fan-out were as fast or faster (the {@code throughput} and {@code fanout} benchmarks).
   */
  public static final int DEFAULT_IO_THREADS = 0;
  /** Threads that run request handlers off the I/O threads; 0 runs them on the I/O threads. */
  public static final int DEFAULT_HANDLER_THREADS = 0;
  /** Handler threads when the store blocks (Redis) and {@code handlerThreads} is 0. */
  public static final int DEFAULT_BLOCKING_STORE_HANDLER_THREADS = 32;
  /** The store the server makes: none named, so the memory store. */
  public static final String DEFAULT_REDIS_URI = null;
  /** Prefix of the Redis store's keys (the Redis store's own default). */
  public static final String DEFAULT_REDIS_KEY_PREFIX = "sc:";
  /** Bytes of serialized snapshots kept for re-serving. */
  public static final long DEFAULT_SNAPSHOT_CACHE_BYTES = 64L * 1024 * 1024;
  /** Largest contexts listed in {@code contextSizes} of {@code /metrics}. */
  public static final int DEFAULT_METRICS_MAX_CONTEXTS = 100;
  /** Time between two readings pushed to {@code /metrics/stream} listeners (the dashboard). */
  public static final Duration DEFAULT_METRICS_STREAM_INTERVAL = Duration.ofSeconds(1);

  /** What windows keep first when not everything fits: the original system's table. */
  public static final PriorityRules DEFAULT_PRIORITY_RULES = PriorityRules.defaults();
  /** permessage-deflate is negotiated with WebSocket clients that offer it. */
  public static final boolean DEFAULT_WEB_SOCKET_COMPRESSION = true;

  private static final ServerOptions DEFAULTS = builder().build();

  private final StoreOptions storeOptions;
  private final String redisUri;
  private final String redisKeyPrefix;
  private final boolean redisCluster;
  private final int maxBodyBytes;
  private final int maxFrameBytes;
  private final int maxInitialLineBytes;
  private final int maxHeaderBytes;
  private final JsonLimits jsonLimits;
  private final int maxSubscribersPerProject;
  private final int maxConnections;
  private final List<String> corsOrigins;
  private final List<AccessToken> accessTokens;
  private final Duration requestTimeout;
  private final Duration pingInterval;
  private final int writeBufferLowWaterMark;
  private final int writeBufferHighWaterMark;
  private final Duration shutdownQuietPeriod;
  private final Duration shutdownTimeout;
  private final int ioThreads;
  private final int handlerThreads;
  private final long snapshotCacheBytes;
  private final int metricsMaxContexts;
  private final Duration metricsStreamInterval;
  private final CompressionPolicy compression;
  private final boolean webSocketCompression;
  private final PriorityRules priorityRules;
  private final Map<String, PriorityRules> projectPriorityRules;
  private final Map<String, PriorityRules> agentPriorityRules;
  private final Supplier<TokenCounter> tokenCounter;

  private ServerOptions(Builder b) {
    this.storeOptions = b.storeOptions;
    this.redisUri = b.redisUri;
    this.redisKeyPrefix = b.redisKeyPrefix;
    this.redisCluster = b.redisCluster;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxFrameBytes = b.maxFrameBytes;
    this.maxInitialLineBytes = b.maxInitialLineBytes;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.jsonLimits = b.jsonLimits;
    this.maxSubscribersPerProject = b.maxSubscribersPerProject;
    this.maxConnections = b.maxConnections;
    this.corsOrigins = List.copyOf(b.corsOrigins);
    this.accessTokens = List.copyOf(b.accessTokens);
    this.requestTimeout = b.requestTimeout;
    this.pingInterval = b.pingInterval;
    this.writeBufferLowWaterMark = b.writeBufferLowWaterMark;
    this.writeBufferHighWaterMark = b.writeBufferHighWaterMark;
    this.shutdownQuietPeriod = b.shutdownQuietPeriod;
    this.shutdownTimeout = b.shutdownTimeout;
    this.ioThreads = b.ioThreads;
    this.handlerThreads = b.handlerThreads;
    this.snapshotCacheBytes = b.snapshotCacheBytes;
    this.metricsMaxContexts = b.metricsMaxContexts;
    this.metricsStreamInterval = b.metricsStreamInterval;
    this.compression = b.compression;
    this.webSocketCompression = b.webSocketCompression;
    this.priorityRules = b.priorityRules;
    this.projectPriorityRules = Map.copyOf(b.projectPriorityRules);
    this.agentPriorityRules = Map.copyOf(b.agentPriorityRules);
    this.tokenCounter = b.tokenCounter;
  }

  /** Every {@code DEFAULT_*} above. */
  public static ServerOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values. */
  public Builder mutate() {
    return new Builder(this);
  }

  /** Options of the store the server creates when none is given (default {@link StoreOptions#defaults()}). */
  public StoreOptions storeOptions() {
    return storeOptions;
  }

  /**
   * The Redis the server keeps its contexts in, when it makes its own store (default null: the
   * memory store). Needs {@code context-redis} on the class path; see {@link Builder#redisUri}.
   */
  public String redisUri() {
    return redisUri;
  }

  /** Prefix of the Redis store's keys (default {@value #DEFAULT_REDIS_KEY_PREFIX}). */
  public String redisKeyPrefix() {
    return redisKeyPrefix;
  }

  /** True when {@link #redisUri()} names a node of a Redis Cluster (default false). */
  public boolean redisCluster() {
    return redisCluster;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  public int maxInitialLineBytes() {
    return maxInitialLineBytes;
  }

  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** Limits applied while parsing request bodies and WebSocket messages (default {@link JsonLimits#DEFAULTS}). */
  public JsonLimits jsonLimits() {
    return jsonLimits;
  }

  public int maxSubscribersPerProject() {
    return maxSubscribersPerProject;
  }

  public int maxConnections() {
    return maxConnections;
  }

  /** Allowed origins; an entry without a port allows every port, {@code *} allows all. */
  public List<String> corsOrigins() {
    return corsOrigins;
  }

  /** The accepted bearer tokens; empty (the default) turns auth off. */
  public List<AccessToken> accessTokens() {
    return accessTokens;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration pingInterval() {
    return pingInterval;
  }

  public int writeBufferLowWaterMark() {
    return writeBufferLowWaterMark;
  }

  public int writeBufferHighWaterMark() {
    return writeBufferHighWaterMark;
  }

  public Duration shutdownQuietPeriod() {
    return shutdownQuietPeriod;
  }

  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** I/O threads as given: 0 for the default, see {@link #effectiveIoThreads()}. */
  public int ioThreads() {
    return ioThreads;
  }

  /** The I/O threads the server starts: {@link #ioThreads()}, or for 0 half the processors, at least one. */
  public int effectiveIoThreads() {
    return ioThreads > 0 ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  public int handlerThreads() {
    return handlerThreads;
  }

  public long snapshotCacheBytes() {
    return snapshotCacheBytes;
  }

  public int metricsMaxContexts() {
    return metricsMaxContexts;
  }

  /** Time between two readings pushed to {@code /metrics/stream} listeners (default 1 s). */
  public Duration metricsStreamInterval() {
    return metricsStreamInterval;
  }

  /** Compression thresholds and the bound on decompressing request bodies (default {@link CompressionPolicy#DEFAULTS}). */
  public CompressionPolicy compression() {
    return compression;
  }

  /** The priority rules of every window (default {@link #DEFAULT_PRIORITY_RULES}). */
  public PriorityRules priorityRules() {
    return priorityRules;
  }

  /** Rules per project id, over {@link #priorityRules()} (default none). */
  public Map<String, PriorityRules> projectPriorityRules() {
    return projectPriorityRules;
  }

  /** Rules per agent id, in every project, over the project's (default none). */
  public Map<String, PriorityRules> agentPriorityRules() {
    return agentPriorityRules;
  }

  /** True if permessage-deflate is negotiated with WebSocket clients that offer it (default true). */
  public boolean webSocketCompression() {
    return webSocketCompression;
  }

  /** The counter for {@code tokensSaved} and {@code tokensServed}; created on first use (default o200k_base). */
  public TokenCounter tokenCounter() {
    return tokenCounter.get();
  }

  @Override
  public String toString() {
    return "ServerOptions[maxBodyBytes=" + maxBodyBytes + ", maxFrameBytes=" + maxFrameBytes
        + ", maxSubscribersPerProject=" + maxSubscribersPerProject + ", maxConnections=" + maxConnections
        + ", corsOrigins=" + corsOrigins + ", auth=" + (accessTokens.isEmpty() ? "off" : accessTokens.size() + " tokens")
        + ", requestTimeout=" + requestTimeout + ", pingInterval=" + pingInterval + ", writeBuffer="
        + writeBufferLowWaterMark + ".." + writeBufferHighWaterMark + "]";
  }

  /** Builds {@link ServerOptions}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private StoreOptions storeOptions = StoreOptions.defaults();
    private String redisUri = DEFAULT_REDIS_URI;
    private String redisKeyPrefix = DEFAULT_REDIS_KEY_PREFIX;
    private boolean redisCluster;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private int maxInitialLineBytes = DEFAULT_MAX_INITIAL_LINE_BYTES;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private JsonLimits jsonLimits = JsonLimits.DEFAULTS;
    private int maxSubscribersPerProject = DEFAULT_MAX_SUBSCRIBERS_PER_PROJECT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private List<String> corsOrigins = DEFAULT_CORS_ORIGINS;
    private List<AccessToken> accessTokens = List.of();
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private int writeBufferLowWaterMark = DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
    private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
    private Duration shutdownQuietPeriod = DEFAULT_SHUTDOWN_QUIET_PERIOD;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private int ioThreads = DEFAULT_IO_THREADS;
    private int handlerThreads = DEFAULT_HANDLER_THREADS;
    private long snapshotCacheBytes = DEFAULT_SNAPSHOT_CACHE_BYTES;
    private int metricsMaxContexts = DEFAULT_METRICS_MAX_CONTEXTS;
    private Duration metricsStreamInterval = DEFAULT_METRICS_STREAM_INTERVAL;
    private CompressionPolicy compression = CompressionPolicy.DEFAULTS;
    private boolean webSocketCompression = DEFAULT_WEB_SOCKET_COMPRESSION;
    private PriorityRules priorityRules = DEFAULT_PRIORITY_RULES;
    private Map<String, PriorityRules> projectPriorityRules = new HashMap<>();
    private Map<String, PriorityRules> agentPriorityRules = new HashMap<>();
    private Supplier<TokenCounter> tokenCounter = DefaultCounter::get;

    private Builder() {}

    private Builder(ServerOptions o) {
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
    public Builder storeOptions(StoreOptions value) {
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
    public Builder redisUri(String value) {
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
    public Builder redisKeyPrefix(String value) {
      Objects.requireNonNull(value, "redisKeyPrefix");
      if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0 || value.length() > 256) {
        throw new IllegalArgumentException("redisKeyPrefix must be at most 256 characters without braces: " + value);
      }
      this.redisKeyPrefix = value;
      return this;
    }

    /** True if {@link #redisUri} names a node of a Redis Cluster (default false). */
    public Builder redisCluster(boolean value) {
      this.redisCluster = value;
      return this;
    }

    /** Largest request body in bytes, at least 1 (default {@value ServerOptions#DEFAULT_MAX_BODY_BYTES}); past it: 413. */
    public Builder maxBodyBytes(int value) {
      this.maxBodyBytes = atLeast(1, value, "maxBodyBytes");
      return this;
    }

    /** Largest WebSocket message in bytes, at least 125 (default {@value ServerOptions#DEFAULT_MAX_FRAME_BYTES}). */
    public Builder maxFrameBytes(int value) {
      this.maxFrameBytes = atLeast(125, value, "maxFrameBytes");
      return this;
    }

    /** Largest request line, at least 256 (default {@value ServerOptions#DEFAULT_MAX_INITIAL_LINE_BYTES}); past it: 414. */
    public Builder maxInitialLineBytes(int value) {
      this.maxInitialLineBytes = atLeast(256, value, "maxInitialLineBytes");
      return this;
    }

    /** Largest header block, at least 1024 (default {@value ServerOptions#DEFAULT_MAX_HEADER_BYTES}); past it: 431. */
    public Builder maxHeaderBytes(int value) {
      this.maxHeaderBytes = atLeast(1024, value, "maxHeaderBytes");
      return this;
    }

    /** JSON parsing limits: depth, string and name lengths (default {@link JsonLimits#DEFAULTS}). */
    public Builder jsonLimits(JsonLimits value) {
      this.jsonLimits = Objects.requireNonNull(value, "jsonLimits");
      return this;
    }

    /** Open subscribers per project, at least 1 (default {@value ServerOptions#DEFAULT_MAX_SUBSCRIBERS_PER_PROJECT}); past it: 429. */
    public Builder maxSubscribersPerProject(int value) {
      this.maxSubscribersPerProject = atLeast(1, value, "maxSubscribersPerProject");
      return this;
    }

    /** Open connections, at least 1 (default {@value ServerOptions#DEFAULT_MAX_CONNECTIONS}). */
    public Builder maxConnections(int value) {
      this.maxConnections = atLeast(1, value, "maxConnections");
      return this;
    }

    /**
     * Origins allowed for CORS and WebSocket upgrades (default {@link ServerOptions#DEFAULT_CORS_ORIGINS}):
     * {@code scheme://host} allows any port, {@code scheme://host:port} that port only, {@code *}
     * every origin. A request carrying any other {@code Origin} gets 403.
     */
    public Builder corsOrigins(List<String> value) {
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
    public Builder accessTokens(List<AccessToken> value) {
      List<AccessToken> copy = List.copyOf(Objects.requireNonNull(value, "accessTokens"));
      if (copy.stream().map(AccessToken::token).distinct().count() != copy.size()) {
        throw new IllegalArgumentException("accessTokens holds the same token twice");
      }
      this.accessTokens = copy;
      return this;
    }

    /** Time for one complete HTTP request, positive (default 30 s); slower connections are closed. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "requestTimeout");
      return this;
    }

    /** Silence after which a WebSocket is pinged, positive (default 30 s); after twice that, it is closed. */
    public Builder pingInterval(Duration value) {
      this.pingInterval = positive(value, "pingInterval");
      return this;
    }

    /**
     * Outbound buffer water marks per connection in bytes (defaults 512 KiB and 1 MiB). Above
     * {@code high} a subscriber is stalled: its updates are dropped, and one catch-up is sent
     * when the buffer falls below {@code low}.
     */
    public Builder writeBufferWaterMarks(int low, int high) {
      atLeast(1, low, "writeBufferLowWaterMark");
      if (high < low) {
        throw new IllegalArgumentException("writeBufferHighWaterMark must be >= the low mark: " + high + " < " + low);
      }
      this.writeBufferLowWaterMark = low;
      this.writeBufferHighWaterMark = high;
      return this;
    }

    /** Time in-flight requests get on close, not negative (default 2 s). */
    public Builder shutdownQuietPeriod(Duration value) {
      this.shutdownQuietPeriod = notNegative(value, "shutdownQuietPeriod");
      return this;
    }

    /** Upper bound of close(), not negative (default 15 s). */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = notNegative(value, "shutdownTimeout");
      return this;
    }

    /** I/O threads; 0 for half the processors, at least one (default {@value ServerOptions#DEFAULT_IO_THREADS}). */
    public Builder ioThreads(int value) {
      this.ioThreads = atLeast(0, value, "ioThreads");
      return this;
    }

    /**
     * Threads that run request handlers and store calls off the I/O threads (default 0: on the
     * I/O threads, right for the memory store; give some for a store that blocks, such as Redis).
     * A server that makes its Redis store from {@link #redisUri} uses
     * {@value ServerOptions#DEFAULT_BLOCKING_STORE_HANDLER_THREADS} when this is 0.
     */
    public Builder handlerThreads(int value) {
      this.handlerThreads = atLeast(0, value, "handlerThreads");
      return this;
    }

    /** Bytes of serialized snapshots kept (default 64 MiB). */
    public Builder snapshotCacheBytes(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("snapshotCacheBytes must not be negative: " + value);
      }
      this.snapshotCacheBytes = value;
      return this;
    }

    /** Largest contexts listed in {@code /metrics} (default {@value ServerOptions#DEFAULT_METRICS_MAX_CONTEXTS}). */
    public Builder metricsMaxContexts(int value) {
      this.metricsMaxContexts = atLeast(0, value, "metricsMaxContexts");
      return this;
    }

    /**
     * Time between two readings pushed to each {@code /metrics/stream} listener, 100 ms to 1 h
     * (default 1 s). Nothing is read while nobody listens; each reading walks the store once.
     */
    public Builder metricsStreamInterval(Duration value) {
      positive(value, "metricsStreamInterval");
      if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("metricsStreamInterval must be 100 ms to 1 h: " + value);
      }
      this.metricsStreamInterval = value;
      return this;
    }

    /** Compression policy (default {@link CompressionPolicy#DEFAULTS}). */
    public Builder compression(CompressionPolicy value) {
      this.compression = Objects.requireNonNull(value, "compression");
      return this;
    }

    /**
     * The priority rules of every window (default {@link ServerOptions#DEFAULT_PRIORITY_RULES}, the
     * original system's table); project and agent rules are layered over them.
     */
    public Builder priorityRules(PriorityRules value) {
      this.priorityRules = Objects.requireNonNull(value, "priorityRules");
      return this;
    }

    /**
     * Rules for the windows of one project, over {@link #priorityRules(PriorityRules)}: a rule
     * here wins over a default rule of the same prefix, and its fallback replaces the default's.
     * Replaces what was set for the project before; more can be set at run time with
     * {@code PUT /context/{id}/rules}.
     */
    public Builder projectPriorityRules(String projectId, PriorityRules rules) {
      ProjectIds.requireValid(projectId);
      this.projectPriorityRules.put(projectId, Objects.requireNonNull(rules, "rules"));
      return this;
    }

    /**
     * Rules for the windows of one agent (the {@code agentId} of the request or stream), in every
     * project, over the project's. Replaces what was set for the agent before.
     */
    public Builder agentPriorityRules(String agentId, PriorityRules rules) {
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
    public Builder webSocketCompression(boolean value) {
      this.webSocketCompression = value;
      return this;
    }

    /**
     * The token counter for {@code tokensSaved} and {@code tokensServed} (default o200k_base).
     * It should count like the store's, whose figure gives the tokens of whole contexts.
     */
    public Builder tokenCounter(TokenCounter value) {
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

  /** One BPE counter per JVM: loading an encoding costs time and memory. */
  private static final class DefaultCounter {
    private static final TokenCounter INSTANCE = TokenCounter.bpe();

    static TokenCounter get() {
      return INSTANCE;
    }
  }
}
