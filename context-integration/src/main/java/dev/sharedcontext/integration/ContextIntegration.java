package dev.sharedcontext.integration;

import dev.sharedcontext.client.ClientBuilder;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.integration.internal.AgentClients;
import dev.sharedcontext.integration.internal.AgentRunner;
import dev.sharedcontext.integration.internal.DefaultTokenOptimizer;
import dev.sharedcontext.integration.internal.HealthMonitor;
import dev.sharedcontext.integration.internal.HealthProbe;
import dev.sharedcontext.integration.internal.Listeners;
import dev.sharedcontext.integration.internal.ServerHttp;
import dev.sharedcontext.integration.internal.ServerLocator;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one object an agent host starts and closes. {@link #start} finds the server that answers
 * {@code /health} at the configured URI, or starts an embedded one there ({@link #mode()} and
 * {@link #startupMessage()} say which); then it opens projects, hands out one client per agent
 * and project, watches the server's health, optimizes agents' contexts for their token budgets,
 * launches agents through the host's launcher, and keeps the statistics.
 *
 * <pre>{@code
 * try (ContextIntegration integration = ContextIntegration.start(IntegrationOptions.defaults())) {
 *   integration.openProject("shop", ContextDocument.parse("{\"currentTask\":\"checkout\"}"));
 *   AgentRun run = integration.launchAgentsOptimized("shop", List.of(AgentSpec.of("coder")), launcher);
 *   run.completion().join();
 *   System.out.println(integration.stats().tokensSaved());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is idempotent: it stops the monitor, closes every client, and
 * stops the embedded server if it started one; the external server is left alone.
 */
public final class ContextIntegration implements AutoCloseable {
  private final IntegrationOptions options;
  private final ServerLocator.Located located;
  private final Listeners listeners = new Listeners();
  private final AgentClients clients;
  private final HealthMonitor monitor;
  private final ServerHttp http;
  private final Map<String, DefaultTokenOptimizer> optimizers = new ConcurrentHashMap<>();
  private volatile TokenCounter counter;
  private volatile boolean closed;

  private ContextIntegration(IntegrationOptions options, Clock clock) {
    this.options = options;
    this.located = ServerLocator.locate(options, clock);
    this.http = new ServerHttp(located.uri(), options.authToken(), options.requestTimeout());
    this.clients = new AgentClients(this::clientBuilder);
    HealthProbe probe = new HealthProbe(new ServerHttp(located.uri(), options.authToken(), options.probeTimeout()), clock);
    this.monitor = new HealthMonitor(probe, located.health(), options.healthCheckInterval(), listeners);
  }

  /**
   * Finds or starts the server and returns the running integration.
   *
   * @throws dev.sharedcontext.core.ConnectionException if no server answers and
   *     {@link IntegrationOptions#autoStart()} is off, or the embedded server cannot bind
   */
  public static ContextIntegration start(IntegrationOptions options) {
    return new ContextIntegration(Objects.requireNonNull(options, "options"), Clock.systemUTC());
  }

  /** {@link #start(IntegrationOptions)} with {@link IntegrationOptions#defaults()}. */
  public static ContextIntegration start() {
    return start(IntegrationOptions.defaults());
  }

  public IntegrationOptions options() {
    return options;
  }

  /** Whether the server was found or started here. */
  public ServerMode mode() {
    return located.mode();
  }

  /** One line saying which server is used and, if it was started here, where. */
  public String startupMessage() {
    return located.message();
  }

  /** Where the clients connect. */
  public URI serverUri() {
    return located.uri();
  }

  /** The server started here; empty in {@link ServerMode#EXTERNAL} mode. */
  public Optional<SharedContextServer> embeddedServer() {
    return Optional.ofNullable(located.embedded());
  }

  /**
   * Opens a project: creates it with {@code initial} if it does not exist, else leaves it as it
   * is. Returns its head. When two hosts create one project at once, the first creation stands
   * and the other host gets the head it made (with whatever was committed since).
   */
  public VersionedContext openProject(String projectId, ContextDocument initial) {
    requireOpen();
    ProjectIds.requireValid(projectId);
    Objects.requireNonNull(initial, "initial");
    SharedContextClient host = clients.client(projectId, options.hostAgentId());
    try {
      return host.getContext();
    } catch (NotFoundException e) {
      try {
        // Based on version 0, the creation is refused if the project exists by the time it
        // arrives; an unconditional write would replace what another host created, and every
        // commit made since.
        host.update(0, Patch.diff(ContextDocument.empty(), initial));
      } catch (VersionConflictException createdMeanwhile) {
        // Another host's creation stands: open that.
      }
      return host.getContext();
    }
  }

  /** Closes every client of {@code projectId} handed out here; the context stays on the server. */
  public void closeProject(String projectId) {
    clients.closeProject(projectId);
    DefaultTokenOptimizer o = optimizers.remove(projectId);
    if (o != null) {
      o.forgetAll();
    }
  }

  /** Closes the project's clients and deletes the project and its history on the server. */
  public void deleteProject(String projectId) {
    requireOpen();
    closeProject(projectId);
    SharedContextClient host = clients.client(projectId, options.hostAgentId());
    try {
      host.delete();
    } finally {
      host.close();
    }
  }

  /** Projects with a client open here, in the order first opened. */
  public List<String> openProjects() {
    return clients.openProjects();
  }

  /**
   * The client of {@code agentId} on {@code projectId}: one per pair, started on first use
   * (streaming), counted in {@link #stats()}. Closing it is allowed; the next call starts a new one.
   */
  public SharedContextClient client(String projectId, String agentId) {
    requireOpen();
    ProjectIds.requireValid(projectId);
    Objects.requireNonNull(agentId, "agentId");
    return clients.client(projectId, agentId);
  }

  /** The last health check's result (the start's, until the monitor runs). */
  public HealthStatus health() {
    return monitor.last();
  }

  /** Checks health now; listeners hear of a change before this returns. */
  public HealthStatus checkHealth() {
    return monitor.checkNow();
  }

  /** The default {@link TokenOptimizer} of {@code projectId}, one per project. */
  public TokenOptimizer tokenOptimizer(String projectId) {
    return optimizer(projectId);
  }

  /**
   * Launches {@code agents} on {@code projectId} through the host's {@code manager}: each gets a
   * subscribed client and its view of the head within its budget, then is started; when it
   * finishes, its client is closed. See {@link DynamicAgentManager} and {@link AgentRun}.
   *
   * @throws IllegalArgumentException if two agents share an id
   */
  public AgentRun launchAgentsOptimized(String projectId, List<AgentSpec> agents, DynamicAgentManager manager) {
    requireOpen();
    ProjectIds.requireValid(projectId);
    Objects.requireNonNull(manager, "manager");
    return new AgentRunner(projectId, clients, optimizer(projectId), listeners).launch(List.copyOf(agents), manager);
  }

  /** The statistics so far: per agent, per project, and totals. */
  public IntegrationStats stats() {
    List<AgentStats> agents = clients.stats();
    Map<String, List<AgentStats>> byProject = new LinkedHashMap<>();
    for (AgentStats a : agents) {
      byProject.computeIfAbsent(a.projectId(), p -> new ArrayList<>()).add(a);
    }
    List<ProjectStats> projects = new ArrayList<>();
    byProject.forEach((p, list) -> projects.add(ProjectStats.of(p, list)));
    return new IntegrationStats(mode(), monitor.last().state(), agents, projects);
  }

  /** Adds a listener; it hears events from now on. */
  public void addListener(IntegrationListener listener) {
    listeners.add(listener);
  }

  public void removeListener(IntegrationListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    monitor.close();
    clients.closeAll();
    if (located.embedded() != null) {
      located.embedded().close();
    }
  }

  private DefaultTokenOptimizer optimizer(String projectId) {
    ProjectIds.requireValid(projectId);
    return optimizers.computeIfAbsent(projectId, p -> new DefaultTokenOptimizer(p, this::client, http,
        this::tokenCounter, options.priorityRules(), clients::counters));
  }

  private TokenCounter tokenCounter() {
    TokenCounter c = counter;
    if (c == null) {
      synchronized (this) {
        if (counter == null) {
          counter = TokenCounter.bpe(options.tokenEncoding()); // loading an encoding is slow: only when needed
        }
        c = counter;
      }
    }
    return c;
  }

  private ClientBuilder clientBuilder(String projectId, String agentId) {
    ClientBuilder b = SharedContextClient.builder().uri(located.uri()).projectId(projectId).agentId(agentId)
        .requestTimeout(options.requestTimeout()).backoff(options.backoff()).tokenEncoding(options.tokenEncoding())
        .streaming(!agentId.equals(options.hostAgentId())); // the host's own client only opens and deletes
    if (options.authToken() != null) {
      b.authToken(options.authToken());
    }
    return b;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the integration is closed");
    }
  }
}
