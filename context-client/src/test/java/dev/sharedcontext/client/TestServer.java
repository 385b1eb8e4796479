package dev.sharedcontext.client;

import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.time.Duration;

/**
 * A real server on loopback for integration tests: port 0 at first, the same port after a
 * {@link #restart()}, the same store throughout. Closes the store last.
 */
final class TestServer implements AutoCloseable {
  private final ContextStore store;
  private final ServerOptions options;
  private volatile SharedContextServer server;

  TestServer(ContextStore store) {
    this(store, ServerOptions.builder().shutdownQuietPeriod(Duration.ZERO).shutdownTimeout(Duration.ofSeconds(5))
        .build());
  }

  TestServer(ContextStore store, ServerOptions options) {
    this.store = store;
    this.options = options;
    this.server = SharedContextServer.builder().options(options).port(0).store(store).build().start();
  }

  URI uri() {
    return server.uri();
  }

  int port() {
    return server.port();
  }

  ContextStore store() {
    return store;
  }

  /** Stops the server; its clients see their connections end. */
  void stop() {
    server.close();
  }

  /** Starts a new server on the port of the last one, with the same store. */
  void startAgain(int port) {
    // The old socket may linger for a moment after close: retry the bind briefly.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
      server = SharedContextServer.builder().options(options).port(port).store(store).build().start();
      return true;
    });
  }

  void restart() {
    int port = port();
    stop();
    startAgain(port);
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
