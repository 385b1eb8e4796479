package dev.sharedcontext.examples;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.integration.AgentOutcome;
import dev.sharedcontext.integration.AgentRun;
import dev.sharedcontext.integration.AgentSpec;
import dev.sharedcontext.integration.AgentStats;
import dev.sharedcontext.integration.ContextIntegration;
import dev.sharedcontext.integration.DynamicAgentManager;
import dev.sharedcontext.integration.HealthEvent;
import dev.sharedcontext.integration.IntegrationListener;
import dev.sharedcontext.integration.IntegrationOptions;
import dev.sharedcontext.integration.IntegrationStats;
import dev.sharedcontext.integration.OptimizedContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Embedding SharedContext in an agent host with {@link ContextIntegration}: find or start the
 * server, open a project, launch agents through the host's launcher with windowed views, print the
 * statistics.
 *
 * <p>{@code java -cp examples/target/examples.jar dev.sharedcontext.examples.EmbeddingExample [URL]}
 * (default http://localhost:3003: the server there is used if one answers, else one is started).
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  public static void main(String[] args) {
    IntegrationOptions options = IntegrationOptions.builder()
        .serverUri(args.length > 0 ? args[0] : IntegrationOptions.DEFAULT_SERVER_URI.toString()).build();
    try (ContextIntegration integration = ContextIntegration.start(options)) {
      System.out.println(integration.startupMessage());
      integration.addListener(new IntegrationListener() {
        @Override
        public void onHealthChanged(HealthEvent e) {
          System.out.println("server health: " + e.previous() + " -> " + e.state());
        }

        @Override
        public void onAgentFinished(AgentOutcome o) {
          System.out.println("agent " + o.spec().agentId() + " finished: " + o.status());
        }
      });

      integration.openProject("embedding-demo", ContextDocument.parse("{"
          + "\"currentTask\":\"add retries to the HTTP client\","
          + "\"recentChanges\":[\"timeouts are configurable\"],"
          + "\"documentation\":\"" + "The client sends requests and parses responses. ".repeat(200) + "\","
          + "\"completedTasks\":[]}"));

      // The host's launcher: here each "agent" records that it ran; a real host starts an LLM agent
      // with session.view() as its context and session.client() to share its changes.
      DynamicAgentManager launcher = (agent, session) -> CompletableFuture.runAsync(() -> {
        OptimizedContext view = session.view();
        System.out.printf("%s got %d of %d tokens (%s, %d parts referenced)%n", agent.agentId(),
            view.deliveredTokens(), view.contextTokens(), view.source(), view.window().references().size());
        session.client().updateContext(Patch.parse(
            "[{\"op\":\"add\",\"path\":\"/completedTasks/-\",\"value\":\"" + agent.agentId() + " ran\"}]"));
      });
      AgentRun run = integration.launchAgentsOptimized("embedding-demo",
          List.of(AgentSpec.of("planner", 300), AgentSpec.of("coder", 2_000), AgentSpec.of("reviewer", 20_000)), launcher);
      run.completion().join();

      IntegrationStats stats = integration.stats();
      System.out.printf("%nserver %s, health %s; tokens saved %,d, cache hit rate %.0f %%, reconnects %d, conflicts %d%n",
          stats.mode(), stats.health(), stats.tokensSaved(), stats.cacheHitRate() * 100, stats.reconnects(), stats.conflicts());
      for (AgentStats a : stats.agents()) {
        System.out.printf("  %-12s commits %d, windows %d, tokens saved %,d%n", a.agentId(), a.commits(), a.windows(),
            a.tokensSaved());
      }
      System.out.println("completed: " + integration.client("embedding-demo", "host").getContext().document()
          .toJsonNode().path("completedTasks"));
    }
  }
}
