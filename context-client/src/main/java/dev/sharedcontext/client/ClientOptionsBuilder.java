package dev.sharedcontext.client;

import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.tokens.TokenEncoding;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * Builds {@link ClientOptions}. Each setter checks its argument at once (null is a
 * {@link NullPointerException}, a value out of range an {@link IllegalArgumentException}, both
 * naming the parameter). Defaults are the {@code DEFAULT_*} constants of {@link ClientOptions}.
 * Not thread-safe.
 */
public final class ClientOptionsBuilder {
  URI uri = ClientOptions.DEFAULT_URI;
  String projectId;
  String agentId = ClientOptions.DEFAULT_AGENT_ID;
  boolean streaming = ClientOptions.DEFAULT_STREAMING;
  boolean streamCompression = ClientOptions.DEFAULT_STREAM_COMPRESSION;
  Duration cacheTtl = ClientOptions.DEFAULT_CACHE_TTL;
  Duration requestTimeout = ClientOptions.DEFAULT_REQUEST_TIMEOUT;
  Duration connectTimeout = ClientOptions.DEFAULT_CONNECT_TIMEOUT;
  Backoff backoff = ClientOptions.DEFAULT_BACKOFF;
  Duration pingInterval = ClientOptions.DEFAULT_PING_INTERVAL;
  int maxUpdateAttempts = ClientOptions.DEFAULT_MAX_UPDATE_ATTEMPTS;
  String authToken;
  TokenEncoding tokenEncoding = ClientOptions.DEFAULT_TOKEN_ENCODING;
  List<Codec> acceptEncodings = ClientOptions.DEFAULT_ACCEPT_ENCODINGS;
  long maxResponseBytes = ClientOptions.DEFAULT_MAX_RESPONSE_BYTES;
  Clock clock = Clock.systemUTC();
  RandomGenerator random;
  ScheduledExecutorService scheduler;
  Executor executor;

  ClientOptionsBuilder() {}

  ClientOptionsBuilder(ClientOptions o) {
    uri = o.uri;
    projectId = o.projectId;
    agentId = o.agentId;
    streaming = o.streaming;
    streamCompression = o.streamCompression;
    cacheTtl = o.cacheTtl;
    requestTimeout = o.requestTimeout;
    connectTimeout = o.connectTimeout;
    backoff = o.backoff;
    pingInterval = o.pingInterval;
    maxUpdateAttempts = o.maxUpdateAttempts;
    authToken = o.authToken;
    tokenEncoding = o.tokenEncoding;
    acceptEncodings = o.acceptEncodings;
    maxResponseBytes = o.maxResponseBytes;
    clock = o.clock;
    random = o.random;
    scheduler = o.scheduler;
    executor = o.executor;
  }

  /** The server's base URI, {@code http://host:port} or {@code https://...} (default {@code http://localhost:3003}). */
  public ClientOptionsBuilder uri(URI value) {
    Objects.requireNonNull(value, "uri");
    String scheme = value.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || value.getHost() == null) {
      throw new IllegalArgumentException("uri must be an absolute http or https URI with a host: " + value);
    }
    this.uri = value;
    return this;
  }

  /** The server's base URI as text; see {@link #uri(URI)}. */
  public ClientOptionsBuilder uri(String value) {
    return uri(URI.create(Objects.requireNonNull(value, "uri")));
  }

  /** The project, 1–128 characters of {@code [A-Za-z0-9._-]}; required. */
  public ClientOptionsBuilder projectId(String value) {
    Objects.requireNonNull(value, "projectId");
    if (!ProjectIds.isValid(value)) {
      throw new IllegalArgumentException("projectId must be 1-128 characters of [A-Za-z0-9._-]: '" + value + "'");
    }
    this.projectId = value;
    return this;
  }

  /** Who commits through this client (default empty: anonymous). */
  public ClientOptionsBuilder agentId(String value) {
    this.agentId = Objects.requireNonNull(value, "agentId");
    return this;
  }

  /** Whether a WebSocket stream keeps the cache current (default true). */
  public ClientOptionsBuilder streaming(boolean value) {
    this.streaming = value;
    return this;
  }

  /**
   * Whether the stream offers permessage-deflate (RFC 7692) to the server (default true). Turn
   * it off to save the server the zlib state of one connection, or to see the plain frames.
   */
  public ClientOptionsBuilder streamCompression(boolean value) {
    this.streamCompression = value;
    return this;
  }

  /** How long a non-streaming client serves its cache without asking the server (default 5 min; zero: always ask). */
  public ClientOptionsBuilder cacheTtl(Duration value) {
    this.cacheTtl = notNegative(value, "cacheTtl");
    return this;
  }

  /** Time allowed for one HTTP request (default 30 s). */
  public ClientOptionsBuilder requestTimeout(Duration value) {
    this.requestTimeout = positive(value, "requestTimeout");
    return this;
  }

  /** Time allowed to open a connection (default 10 s). */
  public ClientOptionsBuilder connectTimeout(Duration value) {
    this.connectTimeout = positive(value, "connectTimeout");
    return this;
  }

  /** Delays between stream reconnect attempts (default {@link ClientOptions#DEFAULT_BACKOFF}). */
  public ClientOptionsBuilder backoff(Backoff value) {
    this.backoff = Objects.requireNonNull(value, "backoff");
    return this;
  }

  /**
   * The stream watchdog: a stream silent this long is pinged, one silent twice as long is
   * dropped and reconnected (default 15 s; {@link Duration#ZERO} disables the watchdog).
   */
  public ClientOptionsBuilder pingInterval(Duration value) {
    this.pingInterval = notNegative(value, "pingInterval");
    return this;
  }

  /** Attempts of {@code update(UnaryOperator)} on version conflicts, at least 1 (default 10). */
  public ClientOptionsBuilder maxUpdateAttempts(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxUpdateAttempts must be at least 1: " + value);
    }
    this.maxUpdateAttempts = value;
    return this;
  }

  /** A bearer token sent with every request and the stream handshake (default: none; null clears it). */
  public ClientOptionsBuilder authToken(String value) {
    if (value != null && (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
      throw new IllegalArgumentException("authToken must be visible ASCII without spaces");
    }
    this.authToken = value;
    return this;
  }

  /** The token encoding asked for budgeted views (default o200k_base). */
  public ClientOptionsBuilder tokenEncoding(TokenEncoding value) {
    this.tokenEncoding = Objects.requireNonNull(value, "tokenEncoding");
    return this;
  }

  /** Content codings to accept, best first (default zstd, gzip, deflate; empty: ask for none). */
  public ClientOptionsBuilder acceptEncodings(List<Codec> value) {
    this.acceptEncodings = List.copyOf(Objects.requireNonNull(value, "acceptEncodings"));
    return this;
  }

  /** The most bytes a response may have once decompressed, positive (default 64 MiB). */
  public ClientOptionsBuilder maxResponseBytes(long value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + value);
    }
    this.maxResponseBytes = value;
    return this;
  }

  /** The clock the cache's TTL is measured with (default the UTC system clock). */
  public ClientOptionsBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * The generator for backoff jitter (default null: {@link java.util.concurrent.ThreadLocalRandom}).
   * The client draws from it on one thread at a time; do not share one generator between clients
   * unless it is thread-safe.
   */
  public ClientOptionsBuilder random(RandomGenerator value) {
    this.random = value;
    return this;
  }

  /**
   * The scheduler for reconnects and pings (default null: the client starts one daemon thread
   * and stops it on close). A scheduler given here is not shut down by the client.
   */
  public ClientOptionsBuilder scheduler(ScheduledExecutorService value) {
    this.scheduler = value;
    return this;
  }

  /**
   * The executor for HTTP exchanges, stream messages and listener callbacks (default null: the
   * client starts a cached pool of daemon threads and stops it on close). An executor given here
   * is not shut down by the client.
   */
  public ClientOptionsBuilder executor(Executor value) {
    this.executor = value;
    return this;
  }

  /**
   * The options.
   *
   * @throws IllegalStateException if no project id was set
   */
  public ClientOptions build() {
    if (projectId == null) {
      throw new IllegalStateException("projectId is required");
    }
    return new ClientOptions(this);
  }

  private static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    notNegative(value, name);
    if (value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
