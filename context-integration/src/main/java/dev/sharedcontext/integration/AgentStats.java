package dev.sharedcontext.integration;

import java.util.Objects;

/**
 * What one agent's client of a {@link ContextIntegration} moved and saved, since it was first
 * handed out (closing the client keeps its figures). Tokens are o200k_base (or the configured
 * encoding) as the server or the integration counted them.
 *
 * @param projectId the project
 * @param agentId the agent
 * @param updatesReceived versions the agent received as deltas over its stream
 * @param tokensSavedReceiving the server's {@code tokensSaved} of those deltas: the whole context's
 *     tokens minus the delta's, summed
 * @param commits changes the agent committed
 * @param tokensSavedCommitting the server's {@code tokensSaved} of those commits
 * @param windows token-budgeted views made for the agent by the {@link TokenOptimizer}
 * @param tokensSavedByWindows the context's tokens minus the tokens delivered, summed over those views
 * @param conflicts version conflicts its commits failed with (after the client's own retries)
 * @param reconnects reconnect attempts of its stream
 * @param reads reads of the context
 * @param cacheHits reads served from the client's cache without a request
 */
public record AgentStats(String projectId, String agentId, long updatesReceived, long tokensSavedReceiving,
    long commits, long tokensSavedCommitting, long windows, long tokensSavedByWindows, long conflicts,
    long reconnects, long reads, long cacheHits) {

  public AgentStats {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(agentId, "agentId");
  }

  /** Every token saved for this agent: receiving, committing and windows. */
  public long tokensSaved() {
    return tokensSavedReceiving + tokensSavedCommitting + tokensSavedByWindows;
  }

  /** {@code cacheHits / reads}; 0 before the first read. */
  public double cacheHitRate() {
    return reads == 0 ? 0 : (double) cacheHits / reads;
  }
}
