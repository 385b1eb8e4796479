package dev.sharedcontext.core.window;

import dev.sharedcontext.core.ProjectIds;
import java.util.Objects;

/**
 * What a window is asked for.
 *
 * @param projectId the project (used in the window's JSON and its references' links)
 * @param version the version of the document the window is made of
 * @param budget the most tokens the window's JSON may have, wrapping included; at least
 *     {@value #MIN_BUDGET}
 * @param rules the priorities that decide what is kept when not everything fits
 */
public record WindowRequest(String projectId, long version, int budget, PriorityRules rules) {
  /** No window is smaller than this: below it not even a reference to the whole context fits. */
  public static final int MIN_BUDGET = 128;

  public WindowRequest {
    ProjectIds.requireValid(projectId);
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1: " + version);
    }
    if (budget < MIN_BUDGET) {
      throw new IllegalArgumentException("budget must be at least " + MIN_BUDGET + " tokens: " + budget);
    }
    Objects.requireNonNull(rules, "rules");
  }
}
