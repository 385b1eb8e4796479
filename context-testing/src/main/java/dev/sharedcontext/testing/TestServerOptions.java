package dev.sharedcontext.testing;

import dev.sharedcontext.client.Backoff;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.testing.internal.LazyTokenCounter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TestServer} is made; immutable, every default a {@code DEFAULT_*} constant below.
 * Build with {@link #builder()}, change a copy with {@link #mutate()}. Thread-safe.
 */
public final class TestServerOptions {
  /** The project clients get when a test names none. */
  public static final String DEFAULT_PROJECT_ID = "test-project";
  /** The fault proxy sits between clients and server, so {@link TestServer#inject} works. */
  public static final boolean DEFAULT_PROXY = true;
  /**
   * The server's options for tests: one I/O thread (cheap to start and stop), a 100 ms shutdown
   * quiet period instead of 2 s (tests close their clients first), and the o200k_base counter
   * loaded at the first count instead of at start (loading it costs about a second once per JVM);
   * the rest as {@link ServerOptions#defaults()}.
   */
  public static final ServerOptions DEFAULT_SERVER_OPTIONS = ServerOptions.builder().ioThreads(1)
      .shutdownQuietPeriod(Duration.ofMillis(100)).shutdownTimeout(Duration.ofSeconds(5))
      .storeOptions(StoreOptions.builder().tokenCounter(LazyTokenCounter.INSTANCE).build())
      .tokenCounter(LazyTokenCounter.INSTANCE).build();
  /**
   * The clients' options for tests: reconnects after 10 ms doubling to 1 s without jitter (a
   * fault test does not wait out production backoff), 10 s request and 5 s connect timeouts; the
   * rest as {@link ClientOptions}' defaults. The project and URI are set per client.
   */
  public static final ClientOptions DEFAULT_CLIENT_OPTIONS = ClientOptions.builder().projectId(DEFAULT_PROJECT_ID)
      .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2.0, Backoff.Jitter.NONE))
      .requestTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(5)).build();
  /** How long a client may take to become ready (connected, holding the head). */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);

  private static final TestServerOptions DEFAULTS = builder().build();

  private final String projectId;
  private final boolean proxy;
  private final ServerOptions serverOptions;
  private final ContextStore store;
  private final ClientOptions clientOptions;
  private final Duration readyTimeout;

  private TestServerOptions(Builder b) {
    this.projectId = b.projectId;
    this.proxy = b.proxy;
    this.serverOptions = b.serverOptions;
    this.store = b.store;
    this.clientOptions = b.clientOptions;
    this.readyTimeout = b.readyTimeout;
  }

  /** Every default. */
  public static TestServerOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    return new Builder(this);
  }

  public String projectId() {
    return projectId;
  }

  public boolean proxy() {
    return proxy;
  }

  public ServerOptions serverOptions() {
    return serverOptions;
  }

  /** The store to serve; empty for a new memory store per server (the default). */
  public Optional<ContextStore> store() {
    return Optional.ofNullable(store);
  }

  public ClientOptions clientOptions() {
    return clientOptions;
  }

  public Duration readyTimeout() {
    return readyTimeout;
  }

  /** Builds {@link TestServerOptions}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private String projectId = DEFAULT_PROJECT_ID;
    private boolean proxy = DEFAULT_PROXY;
    private ServerOptions serverOptions = DEFAULT_SERVER_OPTIONS;
    private ContextStore store;
    private ClientOptions clientOptions = DEFAULT_CLIENT_OPTIONS;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;

    private Builder() {}

    private Builder(TestServerOptions o) {
      projectId = o.projectId;
      proxy = o.proxy;
      serverOptions = o.serverOptions;
      store = o.store;
      clientOptions = o.clientOptions;
      readyTimeout = o.readyTimeout;
    }

    /** The default project (default {@value TestServerOptions#DEFAULT_PROJECT_ID}); a valid project id. */
    public Builder projectId(String value) {
      this.projectId = ProjectIds.requireValid(value);
      return this;
    }

    /** Whether clients go through the fault proxy (default {@value TestServerOptions#DEFAULT_PROXY}). */
    public Builder proxy(boolean value) {
      this.proxy = value;
      return this;
    }

    /** The server's options (default {@link TestServerOptions#DEFAULT_SERVER_OPTIONS}). */
    public Builder serverOptions(ServerOptions value) {
      this.serverOptions = Objects.requireNonNull(value, "serverOptions");
      return this;
    }

    /** A store to serve instead of a new memory store (default none); the server does not close it. */
    public Builder store(ContextStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    /** Options the clients start from (default {@link TestServerOptions#DEFAULT_CLIENT_OPTIONS}). */
    public Builder clientOptions(ClientOptions value) {
      this.clientOptions = Objects.requireNonNull(value, "clientOptions");
      return this;
    }

    /** How long a client may take to become ready, positive (default 10 s). */
    public Builder readyTimeout(Duration value) {
      Objects.requireNonNull(value, "readyTimeout");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("readyTimeout must be positive: " + value);
      }
      this.readyTimeout = value;
      return this;
    }

    public TestServerOptions build() {
      return new TestServerOptions(this);
    }
  }
}
