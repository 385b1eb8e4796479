package dev.sharedcontext.integration;

import dev.sharedcontext.core.ContextDocument;

/**
 * Gives an agent a context that fits its token budget, with as few tokens moved as possible. Get
 * the default implementation from {@link ContextIntegration#tokenOptimizer(String)}: it shares the
 * context through the server (one baseline, then deltas), asks the server for the window
 * ({@code /window}), delivers a delta from the agent's previous view when that is smaller, and when
 * the server cannot be reached makes the window locally and says so in
 * {@link OptimizedContext#source()}.
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenOptimizer {

  /** The project this optimizer works on. */
  String projectId();

  /**
   * The view of {@code context} for {@code agentId} within {@code budget} tokens.
   *
   * @param agentId the agent; not blank
   * @param context the context as the agent should see it (for the default implementation: the
   *     project's shared context, committed as this agent's change when it differs; so a head read
   *     earlier would undo whatever was committed since: give the document the agent publishes)
   * @param budget the most tokens of the view, at least {@value dev.sharedcontext.core.window.WindowRequest#MIN_BUDGET}
   * @throws IllegalArgumentException if the budget is too small
   * @throws dev.sharedcontext.core.ContextException for a failure other than an unreachable server
   *     (a conflict that retries did not resolve, a context over the server's limits...)
   */
  OptimizedContext optimizeContext(String agentId, ContextDocument context, int budget);
}
