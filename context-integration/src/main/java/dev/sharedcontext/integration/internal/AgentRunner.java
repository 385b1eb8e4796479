package dev.sharedcontext.integration.internal;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.integration.AgentOutcome;
import dev.sharedcontext.integration.AgentRun;
import dev.sharedcontext.integration.AgentSession;
import dev.sharedcontext.integration.AgentSpec;
import dev.sharedcontext.integration.DynamicAgentManager;
import dev.sharedcontext.integration.OptimizedContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code launchAgentsOptimized}: for each agent, in order, its client (subscribed), its windowed
 * view of the head, then the host's launcher; when the agent's stage ends, its client is closed
 * and its outcome recorded. Nothing the launcher or an agent throws escapes into the integration.
 */
public final class AgentRunner {
  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

  private final String projectId;
  private final AgentClients registry;
  private final DefaultTokenOptimizer optimizer;
  private final Listeners listeners;

  public AgentRunner(String projectId, AgentClients registry, DefaultTokenOptimizer optimizer, Listeners listeners) {
    this.projectId = projectId;
    this.registry = registry;
    this.optimizer = optimizer;
    this.listeners = listeners;
  }

  public AgentRun launch(List<AgentSpec> agents, DynamicAgentManager manager) {
    Set<String> ids = new HashSet<>();
    for (AgentSpec a : agents) {
      if (!ids.add(a.agentId())) {
        throw new IllegalArgumentException("agent " + a.agentId() + " is given twice");
      }
    }
    Run run = new Run(List.copyOf(agents));
    for (int i = 0; i < agents.size(); i++) {
      launchOne(i, manager, run);
    }
    return run;
  }

  private void launchOne(int index, DynamicAgentManager manager, Run run) {
    AgentSpec spec = run.specs.get(index);
    run.started[index] = System.nanoTime();
    CompletionStage<?> stage;
    try {
      SharedContextClient client = registry.client(projectId, spec.agentId());
      OptimizedContext view = optimizer.optimizeHead(spec.agentId(), client.getContext(), spec.tokenBudget());
      Session session = new Session(spec, projectId, client, view, optimizer);
      run.sessions.add(session);
      stage = manager.launch(spec, session);
      if (stage == null) {
        throw new IllegalStateException("the launcher returned no stage for " + spec.agentId());
      }
    } catch (Exception | LinkageError | AssertionError e) {
      log.warn("agent {} of {} not launched: {}", spec.agentId(), projectId, e.toString());
      finish(index, AgentOutcome.Status.NOT_LAUNCHED, e, run);
      return;
    }
    listeners.agentStarted(spec);
    stage.whenComplete((ignored, failure) ->
        finish(index, failure == null ? AgentOutcome.Status.COMPLETED : AgentOutcome.Status.FAILED, failure, run));
  }

  /** Tears the agent down and records how it ended; the first call per agent wins. */
  private void finish(int index, AgentOutcome.Status status, Throwable failure, Run run) {
    if (!run.claim(index)) {
      return;
    }
    AgentSpec spec = run.specs.get(index);
    registry.closeAgent(projectId, spec.agentId());
    optimizer.forget(spec.agentId());
    AgentOutcome outcome = new AgentOutcome(spec, status, failure,
        Duration.ofNanos(System.nanoTime() - run.started[index]), registry.counters(projectId, spec.agentId()).snapshot());
    listeners.agentFinished(outcome);
    run.done(index, outcome);
  }

  /** One launch's state. */
  private final class Run implements AgentRun {
    final List<AgentSpec> specs;
    final long[] started;
    final List<AgentSession> sessions = new CopyOnWriteArrayList<>();
    private final boolean[] claimed;
    private final AgentOutcome[] outcomes;
    private int left;
    private final CompletableFuture<List<AgentOutcome>> completion = new CompletableFuture<>();

    Run(List<AgentSpec> specs) {
      this.specs = specs;
      this.started = new long[specs.size()];
      this.claimed = new boolean[specs.size()];
      this.outcomes = new AgentOutcome[specs.size()];
      this.left = specs.size();
      if (left == 0) {
        completion.complete(List.of());
      }
    }

    synchronized boolean claim(int index) {
      boolean first = !claimed[index];
      claimed[index] = true;
      return first;
    }

    void done(int index, AgentOutcome outcome) {
      boolean all;
      synchronized (this) {
        outcomes[index] = outcome;
        all = --left == 0;
      }
      if (all) {
        completion.complete(List.of(outcomes));
      }
    }

    @Override
    public List<AgentSession> sessions() {
      return List.copyOf(sessions);
    }

    @Override
    public CompletableFuture<List<AgentOutcome>> completion() {
      return completion.copy();
    }

    /** Agents still running are marked FAILED and lose their clients. */
    @Override
    public void close() {
      for (int i = 0; i < specs.size(); i++) {
        finish(i, AgentOutcome.Status.FAILED, new CancellationException("the launch was closed"), this);
      }
    }
  }

  /** What the launcher gets for one agent. */
  private record Session(AgentSpec spec, String projectId, SharedContextClient client, OptimizedContext view,
      DefaultTokenOptimizer optimizer) implements AgentSession {
    @Override
    public OptimizedContext refreshView() {
      return optimizer.optimizeHead(spec.agentId(), client.getContext(), spec.tokenBudget());
    }
  }
}
