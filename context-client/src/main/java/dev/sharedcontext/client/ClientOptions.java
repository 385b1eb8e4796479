package dev.sharedcontext.client;

import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.codec.CompressionPolicy;
import dev.sharedcontext.core.tokens.TokenEncoding;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * The options of one {@link SharedContextClient}, immutable; every default is a named constant
 * below. Build with {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <p>Thread-safe. Accessors never return null except {@link #authToken()}, {@link #random()},
 * {@link #scheduler()} and {@link #executor()}, whose null means "none" or "the client's own".
 */
public final class ClientOptions {

  /** Where the server listens. */
  public static final URI DEFAULT_URI = URI.create("http://localhost:3003");
  /** Commits are anonymous unless an agent id is set. */
  public static final String DEFAULT_AGENT_ID = "";
  /** A WebSocket stream keeps the cache current. */
  public static final boolean DEFAULT_STREAMING = true;
  /**
   * The stream offers permessage-deflate (RFC 7692), so that the server's updates travel
   * compressed; the client's own few messages go uncompressed either way.
   */
  public static final boolean DEFAULT_STREAM_COMPRESSION = true;
  /** How long a non-streaming client trusts its cache before revalidating it. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
  /** Time for one HTTP request, from sending to the whole response. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Time to open a TCP connection (HTTP or WebSocket). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Stream reconnects: 100 ms doubling to 30 s, equal jitter, never giving up. */
  public static final Backoff DEFAULT_BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, Backoff.Jitter.EQUAL);
  /** A stream silent this long is pinged; one silent for twice as long is dropped and reconnected. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
  /** Attempts of {@code update(UnaryOperator)} before its version conflict is thrown. */
  public static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 10;
  /** The encoding asked for token-budgeted views. */
  public static final TokenEncoding DEFAULT_TOKEN_ENCODING = TokenEncoding.DEFAULT;
  /** Content codings offered in {@code Accept-Encoding}, best first. */
  public static final List<Codec> DEFAULT_ACCEPT_ENCODINGS = CompressionPolicy.DEFAULT_PREFERENCE;
  /** The most bytes one response may have once decompressed. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = CompressionPolicy.DEFAULT_MAX_DECODED_BYTES;

  final URI uri;
  final String projectId;
  final String agentId;
  final boolean streaming;
  final boolean streamCompression;
  final Duration cacheTtl;
  final Duration requestTimeout;
  final Duration connectTimeout;
  final Backoff backoff;
  final Duration pingInterval;
  final int maxUpdateAttempts;
  final String authToken;
  final TokenEncoding tokenEncoding;
  final List<Codec> acceptEncodings;
  final long maxResponseBytes;
  final Clock clock;
  final RandomGenerator random;
  final ScheduledExecutorService scheduler;
  final Executor executor;

  ClientOptions(ClientOptionsBuilder b) {
    this.uri = b.uri;
    this.projectId = b.projectId;
    this.agentId = b.agentId;
    this.streaming = b.streaming;
    this.streamCompression = b.streamCompression;
    this.cacheTtl = b.cacheTtl;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.backoff = b.backoff;
    this.pingInterval = b.pingInterval;
    this.maxUpdateAttempts = b.maxUpdateAttempts;
    this.authToken = b.authToken;
    this.tokenEncoding = b.tokenEncoding;
    this.acceptEncodings = b.acceptEncodings;
    this.maxResponseBytes = b.maxResponseBytes;
    this.clock = b.clock;
    this.random = b.random;
    this.scheduler = b.scheduler;
    this.executor = b.executor;
  }

  /** A builder holding the defaults; {@code projectId} must be set before {@code build()}. */
  public static ClientOptionsBuilder builder() {
    return new ClientOptionsBuilder();
  }

  /** Options for {@code projectId} with every default. */
  public static ClientOptions of(String projectId) {
    return builder().projectId(projectId).build();
  }

  /** A builder holding this object's values. */
  public ClientOptionsBuilder mutate() {
    return new ClientOptionsBuilder(this);
  }

  /** The server's base URI, {@code http} or {@code https}. */
  public URI uri() {
    return uri;
  }

  /** The project this client reads and writes; a valid {@link ProjectIds project id}. */
  public String projectId() {
    return projectId;
  }

  /** Who this client's commits are attributed to; empty for anonymous. */
  public String agentId() {
    return agentId;
  }

  /** Whether a WebSocket stream keeps the cache current. */
  public boolean streaming() {
    return streaming;
  }

  /**
   * Whether the stream offers permessage-deflate (RFC 7692). When the server accepts, its
   * messages arrive compressed and are inflated within {@link #maxResponseBytes()}; when it
   * declines, the stream runs uncompressed.
   */
  public boolean streamCompression() {
    return streamCompression;
  }

  /** How long a non-streaming client serves its cache without asking; zero: always ask. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /** Time allowed for one HTTP request. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Time allowed to open a connection, and for each read of the stream's handshake. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Delays between stream reconnect attempts. */
  public Backoff backoff() {
    return backoff;
  }

  /** {@link Duration#ZERO} when the stream is never pinged. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** Attempts of {@code update(UnaryOperator)} before its version conflict is thrown. */
  public int maxUpdateAttempts() {
    return maxUpdateAttempts;
  }

  /** The bearer token, or null when none is sent. */
  public String authToken() {
    return authToken;
  }

  /** The encoding asked for token-budgeted views. */
  public TokenEncoding tokenEncoding() {
    return tokenEncoding;
  }

  /** Codings offered, best first; empty when no {@code Accept-Encoding} is sent. */
  public List<Codec> acceptEncodings() {
    return acceptEncodings;
  }

  /** The most bytes one response or stream message may have once decompressed. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /** The clock the cache's TTL is measured with. */
  public Clock clock() {
    return clock;
  }

  /** The generator for backoff jitter, or null for {@link java.util.concurrent.ThreadLocalRandom}. */
  public RandomGenerator random() {
    return random;
  }

  /** The scheduler for reconnects and pings, or null when the client starts (and stops) its own. */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The executor for HTTP, the stream and callbacks, or null when the client starts its own. */
  public Executor executor() {
    return executor;
  }

  @Override
  public String toString() {
    return "ClientOptions{uri=" + uri + ", projectId=" + projectId + ", agentId=" + agentId
        + ", streaming=" + streaming + ", streamCompression=" + streamCompression + ", cacheTtl=" + cacheTtl + ", requestTimeout=" + requestTimeout
        + ", backoff=" + backoff + ", auth=" + (authToken == null ? "none" : "bearer") + "}";
  }
}
