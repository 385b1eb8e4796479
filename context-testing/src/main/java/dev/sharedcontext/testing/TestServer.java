package dev.sharedcontext.testing;

import dev.sharedcontext.client.ClientBuilder;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.ProjectSummary;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.testing.internal.Agents;
import dev.sharedcontext.testing.internal.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process SharedContext server on loopback, port 0, for tests: the real
 * {@link SharedContextServer} over a memory store, optionally behind a loopback proxy that injects
 * {@link Fault}s, and a factory of ready clients. Use it through {@link SharedContextExtension}
 * or on its own:
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *   TestAgent a = server.agent("planner");
 *   server.commit(server.projectId(), ContextDocument.parse("{\"task\":\"x\"}"));
 *   a.events().takeEvent(ClientEvent.Update.class);
 * }
 * }</pre>
 *
 * <p>Clients made here are closed by {@link #closeClients()} and {@link #close()}. Thread-safe;
 * {@code close()} is idempotent and leaves no thread of the server, proxy or clients running.
 */
public final class TestServer implements AutoCloseable {
  private final TestServerOptions options;
  private final SharedContextServer server;
  private final FaultProxy proxy;
  private final URI uri;
  private final Agents agents;
  private final Duration startTime;
  private volatile boolean closed;

  private TestServer(TestServerOptions options) {
    long t0 = System.nanoTime();
    this.options = options;
    SharedContextServer.Builder b = SharedContextServer.builder().host("127.0.0.1").port(0)
        .options(options.serverOptions());
    options.store().ifPresent(b::store);
    this.server = b.build().start();
    FaultProxy p = null;
    if (options.proxy()) {
      try {
        p = new FaultProxy(server.port());
      } catch (IOException e) {
        server.close();
        throw new UncheckedIOException("cannot start the fault proxy", e);
      }
    }
    this.proxy = p;
    this.uri = p == null ? server.uri() : URI.create("http://127.0.0.1:" + p.port());
    this.agents = new Agents(this::clientBuilder, options.readyTimeout(), server.store());
    this.startTime = Duration.ofNanos(System.nanoTime() - t0);
  }

  /** A server with {@link TestServerOptions#defaults()}, started. */
  public static TestServer start() {
    return start(TestServerOptions.defaults());
  }

  /** A server with {@code options}, started. */
  public static TestServer start(TestServerOptions options) {
    return new TestServer(Objects.requireNonNull(options, "options"));
  }

  public TestServerOptions options() {
    return options;
  }

  /** Where clients connect: the proxy's address when the proxy is on, else the server's. */
  public URI uri() {
    return uri;
  }

  /** The server's own address, bypassing the proxy. */
  public URI serverUri() {
    return server.uri();
  }

  /** The port of {@link #uri()}. */
  public int port() {
    return uri.getPort();
  }

  /** The server, for what this handle does not cover (its options, its bound port). */
  public SharedContextServer server() {
    return server;
  }

  /** The store the server serves: seed it or read it without going through the network. */
  public ContextStore store() {
    return server.store();
  }

  /** The project clients get when none is named ({@link TestServerOptions#projectId()}). */
  public String projectId() {
    return options.projectId();
  }

  /** How long starting took: the server's bind and the proxy's. */
  public Duration startTime() {
    return startTime;
  }

  /**
   * A client builder for {@code projectId} with this server's URI and the test client defaults
   * ({@link TestServerOptions#clientOptions()}). A client built from it is the caller's to close.
   */
  public ClientBuilder clientBuilder(String projectId) {
    ProjectIds.requireValid(projectId);
    return SharedContextClient.builder().options(options.clientOptions()).uri(uri).projectId(projectId);
  }

  /** The agent {@code agentId} on the default project: see {@link #agent(String, String)}. */
  public TestAgent agent(String agentId) {
    return agent(projectId(), agentId);
  }

  /**
   * The agent {@code agentId} on {@code projectId}, made ready on first use and the same one
   * after that until {@link #closeClients()}: its stream is open and, if the project existed,
   * its cache holds the head.
   *
   * @throws AssertionError if it is not ready within {@link TestServerOptions#readyTimeout()}
   */
  public TestAgent agent(String projectId, String agentId) {
    requireOpen();
    return agents.get(projectId, agentId);
  }

  /** The client of {@link #agent(String)}. */
  public SharedContextClient client(String agentId) {
    return agent(agentId).client();
  }

  /** Commits {@code document} as the whole context of {@code projectId}, straight to the store; returns the version. */
  public long commit(String projectId, ContextDocument document) {
    requireOpen();
    return store().commit(projectId, CommitRequest.replace(document).by("test")).version().version();
  }

  /** The head document of {@code projectId}, read from the store. */
  public Optional<ContextDocument> head(String projectId) {
    return store().head(projectId).map(s -> s.document());
  }

  /** Applies {@code fault} to the connections through the proxy. */
  public void inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    requireProxy().inject(fault);
  }

  /** Ends a {@link Fault.Stall} now. */
  public void resume() {
    requireProxy().resume();
  }

  /** Connections accepted by the proxy so far (each reconnect is one more). */
  public long proxyConnections() {
    return requireProxy().accepted();
  }

  /** Closes every client made by {@link #agent}. */
  public void closeClients() {
    agents.closeAll();
  }

  /** Closes the clients, then deletes every project of the store: a clean server for the next test. */
  public void reset() {
    closeClients();
    for (ProjectSummary p : store().projects()) {
      store().delete(p.projectId());
    }
  }

  /** Closes the clients, the proxy and the server (and its store, unless one was given). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    agents.closeAll();
    if (proxy != null) {
      proxy.close();
    }
    server.close();
  }

  @Override
  public String toString() {
    return "TestServer{" + uri + (proxy == null ? "" : " -> " + server.uri()) + "}";
  }

  private FaultProxy requireProxy() {
    if (proxy == null) {
      throw new IllegalStateException("fault injection needs the proxy: build with TestServerOptions.builder().proxy(true)");
    }
    return proxy;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the test server is closed");
    }
  }
}
