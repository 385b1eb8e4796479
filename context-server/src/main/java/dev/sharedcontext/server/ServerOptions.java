package dev.sharedcontext.server;

import dev.sharedcontext.core.JsonLimits;
import dev.sharedcontext.core.codec.CompressionPolicy;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
   * 89,000–90,000 GETs of a 10 KB context a second and four 71,000–72,000; two answered 70,700
   * in a run beside one thread's 88,500 (the {@code throughput} benchmark). Two threads did
   * deliver a commit to 100 WebSocket subscribers sooner (a median of 1.05–1.07 × Redis's
   * {@code PUBLISH} against 1.13–1.32 × with one, the {@code fanout} benchmark), the writes being
   * shared: a server that mostly fans out to many subscribers may prefer them.
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

  final StoreOptions storeOptions;
  final String redisUri;
  final String redisKeyPrefix;
  final boolean redisCluster;
  final int maxBodyBytes;
  final int maxFrameBytes;
  final int maxInitialLineBytes;
  final int maxHeaderBytes;
  final JsonLimits jsonLimits;
  final int maxSubscribersPerProject;
  final int maxConnections;
  final List<String> corsOrigins;
  final List<AccessToken> accessTokens;
  final Duration requestTimeout;
  final Duration pingInterval;
  final int writeBufferLowWaterMark;
  final int writeBufferHighWaterMark;
  final Duration shutdownQuietPeriod;
  final Duration shutdownTimeout;
  final int ioThreads;
  final int handlerThreads;
  final long snapshotCacheBytes;
  final int metricsMaxContexts;
  final Duration metricsStreamInterval;
  final CompressionPolicy compression;
  final boolean webSocketCompression;
  final PriorityRules priorityRules;
  final Map<String, PriorityRules> projectPriorityRules;
  final Map<String, PriorityRules> agentPriorityRules;
  final Supplier<TokenCounter> tokenCounter;

  ServerOptions(ServerOptionsBuilder b) {
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

  public static ServerOptionsBuilder builder() {
    return new ServerOptionsBuilder();
  }

  /** A builder holding this object's values. */
  public ServerOptionsBuilder mutate() {
    return new ServerOptionsBuilder(this);
  }

  /** Options of the store the server creates when none is given (default {@link StoreOptions#defaults()}). */
  public StoreOptions storeOptions() {
    return storeOptions;
  }

  /**
   * The Redis the server keeps its contexts in, when it makes its own store (default null: the
   * memory store). Needs {@code context-redis} on the class path; see {@link ServerOptionsBuilder#redisUri}.
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
}
