package dev.sharedcontext.server;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.internal.ClassPreloader;
import dev.sharedcontext.server.internal.NettyServer;
import dev.sharedcontext.server.internal.ServerRuntime;
import dev.sharedcontext.server.internal.StoreProviders;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SharedContext server: HTTP/1.1 and WebSocket on one port over a {@link ContextStore}, as
 * described by the wire protocol (PROTOCOL.md). Embed it in a few lines:
 *
 * <pre>{@code
 * try (SharedContextServer server = SharedContextServer.builder().port(0).build().start()) {
 *   URI uri = server.uri(); // http://127.0.0.1:<free port>
 *   ...
 * }
 * }</pre>
 *
 * <p>Lifecycle: new, then {@link #start()} once, then {@link #close()} (idempotent, graceful).
 * Starting twice or after close is an {@link IllegalStateException}. Thread-safe.
 */
public final class SharedContextServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedContextServer.class);

  private enum State { NEW, STARTED, CLOSED }

  private final String host;
  private final int requestedPort;
  private final ContextStore store;
  private final boolean ownsStore;
  private final ServerOptions options;

  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private State state = State.NEW;
  private ServerRuntime runtime;
  private NettyServer netty;
  private InetSocketAddress bound;

  private SharedContextServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.ownsStore = b.store == null;
    if (b.store != null) {
      this.store = b.store;
      this.options = b.options;
    } else {
      StoreProviders.Made made = StoreProviders.make(b.options, SharedContextServer.class.getClassLoader());
      this.store = made.store();
      // A store that waits on the network must not hold the I/O threads: handlers move off them.
      this.options = made.blocking() && b.options.handlerThreads() == 0
          ? b.options.mutate().handlerThreads(ServerOptions.DEFAULT_BLOCKING_STORE_HANDLER_THREADS).build()
          : b.options;
    }
  }

  /**
   * A builder with every default: 127.0.0.1, port 3003, a new memory store (or a Redis store, see
   * {@link ServerOptions#redisUri()}), {@link ServerOptions#defaults()}.
   *
   * <p>The first call in a JVM also starts a short-lived daemon thread that loads (without
   * initializing) the classes a server's start and first answer need, so that a second core does
   * that while this thread builds and starts the server; the system property {@code
   * sharedcontext.preloadClasses=false} turns it off.
   */
  public static Builder builder() {
    // The first server of a JVM spends most of its start loading classes: a second thread loads
    // them ahead of this one (off with -Dsharedcontext.preloadClasses=false).
    ClassPreloader.startOnce();
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @return this server
   * @throws ConnectionException if the port is taken or the host cannot be bound
   * @throws IllegalStateException if the server was already started or closed
   */
  public synchronized SharedContextServer start() {
    if (state != State.NEW) {
      throw new IllegalStateException("the server was already " + (state == State.CLOSED ? "closed" : "started"));
    }
    ServerRuntime rt = new ServerRuntime(options, store);
    NettyServer server = new NettyServer(rt);
    try {
      bound = server.bind(host, requestedPort);
    } catch (RuntimeException e) {
      rt.closeQuietly();
      throw e;
    }
    runtime = rt;
    netty = server;
    state = State.STARTED;
    log.info("SharedContext server listening on {}", uri());
    return this;
  }

  /**
   * The bound port (the chosen one when built with port 0); still answered after {@link #close()},
   * so that another server can be started on the same port.
   *
   * @throws IllegalStateException if the server never started
   */
  public synchronized int port() {
    requireStarted();
    return bound.getPort();
  }

  /** {@code http://host:port} of the bound address. */
  public synchronized URI uri() {
    requireStarted();
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + bound.getPort());
  }

  /** The store this server serves. */
  public ContextStore store() {
    return store;
  }

  /**
   * The options in effect: as given, but with {@link ServerOptions#handlerThreads()} set when the
   * server made a store that blocks and none were given.
   */
  public ServerOptions options() {
    return options;
  }

  /** True between a successful {@link #start()} and {@link #close()}. */
  public synchronized boolean isRunning() {
    return state == State.STARTED;
  }

  /** The internals, for the launcher's report and this module's tests. */
  synchronized ServerRuntime runtime() {
    requireStarted();
    return runtime;
  }

  /**
   * Stops accepting, closes WebSockets with 1001, lets in-flight requests finish within the
   * quiet period, then stops; closes the store only if this server created it. Idempotent: a
   * second call returns once the first one has finished.
   */
  @Override
  public void close() {
    boolean first;
    NettyServer toClose;
    synchronized (this) {
      first = state != State.CLOSED;
      toClose = state == State.STARTED ? netty : null;
      state = State.CLOSED;
    }
    if (!first) {
      closed.join(); // another caller is closing: return when it is done
      return;
    }
    try {
      if (toClose != null) {
        toClose.close();
        log.info("SharedContext server on {}:{} stopped", host, bound.getPort());
      }
      if (ownsStore) {
        store.close();
      }
    } finally {
      closed.complete(null);
    }
  }

  private void requireStarted() {
    if (bound == null) {
      throw new IllegalStateException("the server is not started");
    }
  }

  /** Builds a {@link SharedContextServer}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private String host = ServerOptions.DEFAULT_HOST;
    private int port = ServerOptions.DEFAULT_PORT;
    private ContextStore store;
    private ServerOptions options = ServerOptions.defaults();

    private Builder() {}

    /** The interface to bind (default {@value ServerOptions#DEFAULT_HOST}: loopback only). */
    public Builder host(String value) {
      Objects.requireNonNull(value, "host");
      if (value.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = value;
      return this;
    }

    /** The port (default {@value ServerOptions#DEFAULT_PORT}); 0 picks a free one, see {@link #port()}. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + value);
      }
      this.port = value;
      return this;
    }

    /**
     * The store to serve (default: the one the options name, made by the server and closed with
     * it: a new memory store with {@link ServerOptions#storeOptions()}, or a Redis store for
     * {@link ServerOptions#redisUri()}). A store given here is not closed by the server; give
     * {@link ServerOptions#handlerThreads()} with one that blocks.
     */
    public Builder store(ContextStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    /**
     * The options (default {@link ServerOptions#defaults()}). Without a {@link #store(ContextStore)},
     * {@link #build()} makes the store they name: a memory store, or, with
     * {@link ServerOptions#redisUri()}, a Redis store (connecting to Redis).
     */
    public Builder options(ServerOptions value) {
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    /**
     * Builds the server, and the store if none was given.
     *
     * @throws ConnectionException if the server's Redis store cannot reach Redis
     * @throws IllegalStateException if {@link ServerOptions#redisUri()} is set and
     *     {@code context-redis} is not on the class path
     */
    public SharedContextServer build() {
      return new SharedContextServer(this);
    }
  }
}
