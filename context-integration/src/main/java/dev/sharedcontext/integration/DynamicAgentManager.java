package dev.sharedcontext.integration;

import java.util.concurrent.CompletionStage;

/**
 * The adapter to a host's agent launcher: {@link ContextIntegration#launchAgentsOptimized} sets up
 * each agent's client and view, then calls {@link #launch} to start the agent itself.
 *
 * <pre>{@code
 * DynamicAgentManager manager = (agent, session) ->
 *     CompletableFuture.runAsync(() -> myRuntime.run(agent.properties().get("role"), session.view().view()));
 * }</pre>
 */
@FunctionalInterface
public interface DynamicAgentManager {

  /**
   * Starts one agent and returns at once: the stage completes when the agent finishes, or
   * completes exceptionally when it fails. Called on the thread of {@code launchAgentsOptimized},
   * one agent after the other; whatever it throws marks that agent {@link AgentOutcome.Status#NOT_LAUNCHED}
   * and the launch goes on with the next.
   */
  CompletionStage<?> launch(AgentSpec agent, AgentSession session) throws Exception;
}
