package dev.sharedcontext.integration;

import java.util.List;
import java.util.Objects;

/**
 * A reading of a {@link ContextIntegration}'s statistics. Counters are read one by one, not under
 * a lock, so a reading taken while agents work may be off by what they did meanwhile.
 *
 * @param mode which server the integration uses
 * @param health the last health state seen (null before the first check)
 * @param agents per agent and project, in the order the clients were first handed out
 * @param projects per project, in the same order
 */
public record IntegrationStats(ServerMode mode, HealthState health, List<AgentStats> agents,
    List<ProjectStats> projects) {

  public IntegrationStats {
    Objects.requireNonNull(mode, "mode");
    agents = List.copyOf(agents);
    projects = List.copyOf(projects);
  }

  /** Every token saved, all agents. */
  public long tokensSaved() {
    return agents.stream().mapToLong(AgentStats::tokensSaved).sum();
  }

  /** Cache hits over reads, all agents; 0 before the first read. */
  public double cacheHitRate() {
    long reads = agents.stream().mapToLong(AgentStats::reads).sum();
    return reads == 0 ? 0 : (double) agents.stream().mapToLong(AgentStats::cacheHits).sum() / reads;
  }

  /** Reconnect attempts, all agents. */
  public long reconnects() {
    return agents.stream().mapToLong(AgentStats::reconnects).sum();
  }

  /** Version conflicts, all agents. */
  public long conflicts() {
    return agents.stream().mapToLong(AgentStats::conflicts).sum();
  }
}
