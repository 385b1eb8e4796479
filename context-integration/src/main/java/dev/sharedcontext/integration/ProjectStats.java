package dev.sharedcontext.integration;

import java.util.List;
import java.util.Objects;

/**
 * The {@link AgentStats} of one project's agents, summed.
 *
 * @param projectId the project
 * @param agents agents that had a client on it
 * @param tokensSaved every token saved for them ({@link AgentStats#tokensSaved()} summed)
 * @param updatesReceived deltas received, summed
 * @param commits commits, summed
 * @param conflicts version conflicts, summed
 * @param reconnects reconnect attempts, summed
 * @param reads reads, summed
 * @param cacheHits cache hits, summed
 */
public record ProjectStats(String projectId, int agents, long tokensSaved, long updatesReceived, long commits,
    long conflicts, long reconnects, long reads, long cacheHits) {

  public ProjectStats {
    Objects.requireNonNull(projectId, "projectId");
  }

  /** The sums of {@code agents}, all of project {@code projectId}. */
  public static ProjectStats of(String projectId, List<AgentStats> agents) {
    long saved = 0, updates = 0, commits = 0, conflicts = 0, reconnects = 0, reads = 0, hits = 0;
    for (AgentStats a : agents) {
      saved += a.tokensSaved();
      updates += a.updatesReceived();
      commits += a.commits();
      conflicts += a.conflicts();
      reconnects += a.reconnects();
      reads += a.reads();
      hits += a.cacheHits();
    }
    return new ProjectStats(projectId, agents.size(), saved, updates, commits, conflicts, reconnects, reads, hits);
  }

  /** {@code cacheHits / reads} over the project's agents; 0 before the first read. */
  public double cacheHitRate() {
    return reads == 0 ? 0 : (double) cacheHits / reads;
  }
}
