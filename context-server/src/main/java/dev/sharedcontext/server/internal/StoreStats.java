package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.ProjectSummary;
import java.util.Comparator;
import java.util.List;

/**
 * One reading of what the store holds, for {@code /metrics} and {@code /health}: taken on demand
 * (one {@link ContextStore#projects()} walk), never on a timer.
 *
 * @param contexts projects held
 * @param versions versions readable, summed over projects
 * @param bytes canonical bytes of the heads plus estimated bytes of the histories
 * @param largest the largest contexts, biggest first
 */
record StoreStats(long contexts, long versions, long bytes, List<ProjectSummary> largest) {

  static final StoreStats EMPTY = new StoreStats(0, 0, 0, List.of());

  static StoreStats of(ContextStore store, int maxListed) {
    List<ProjectSummary> all = store.projects();
    long versions = 0;
    long bytes = 0;
    for (ProjectSummary p : all) {
      versions += p.versionsRetained();
      bytes += p.head().sizeBytes() + p.historyBytes();
    }
    List<ProjectSummary> largest = all.stream()
        .sorted(Comparator.comparingLong((ProjectSummary p) -> p.head().sizeBytes()).reversed())
        .limit(maxListed)
        .toList();
    return new StoreStats(all.size(), versions, bytes, largest);
  }
}
