package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ContextVersion;
import java.util.Objects;

/**
 * What a store holds of one project, for metrics and monitoring.
 *
 * @param head the head version's record
 * @param oldestVersion the oldest version still readable
 * @param historyBytes the estimated bytes of the retained history (inverse patches)
 */
public record ProjectSummary(ContextVersion head, long oldestVersion, long historyBytes) {
  public ProjectSummary {
    Objects.requireNonNull(head, "head");
  }

  public String projectId() {
    return head.projectId();
  }

  /** How many versions can be read: head − oldest + 1. */
  public long versionsRetained() {
    return head.version() - oldestVersion + 1;
  }
}
