package dev.sharedcontext.integration;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import java.util.Objects;

/**
 * A context made to fit one agent's token budget by a {@link TokenOptimizer}.
 *
 * @param projectId the project
 * @param agentId the agent
 * @param source where the view was made; {@link OptimizationSource#LOCAL_FALLBACK} means the server was not reached
 * @param serverVersion the server's version of the context; 0 for {@link OptimizationSource#LOCAL_FALLBACK}
 * @param window the view: what fits the budget, the rest as references that resolve to the exact original
 * @param delta the patch from the agent's previous view to this one, when sending it costs fewer
 *     tokens than the whole view; null when the whole view is to be delivered
 * @param contextTokens tokens of the whole context given
 * @param deliveredTokens tokens the agent is given: the delta's when there is one, else the view's
 *     (the windowed context, references included; at most the window's own count, so within budget)
 * @param fallbackReason why the server was not used; empty unless {@code LOCAL_FALLBACK} or {@code SERVER_SYNC_LOCAL_WINDOW}
 */
public record OptimizedContext(String projectId, String agentId, OptimizationSource source, long serverVersion,
    Window window, Patch delta, long contextTokens, long deliveredTokens, String fallbackReason) {

  public OptimizedContext {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(fallbackReason, "fallbackReason");
  }

  /** The windowed context itself. */
  public ContextDocument view() {
    return window.context();
  }

  /** True if {@link #delta()} is what the agent needs, applied to its previous view. */
  public boolean isDelta() {
    return delta != null;
  }

  /** True if the server was not reached and the view was made locally. */
  public boolean isLocalFallback() {
    return source == OptimizationSource.LOCAL_FALLBACK;
  }

  /** {@code contextTokens - deliveredTokens}: what the window and the delta saved. */
  public long tokensSaved() {
    return contextTokens - deliveredTokens;
  }
}
