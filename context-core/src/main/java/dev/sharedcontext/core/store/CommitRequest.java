package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/**
 * One change to commit: either a {@link Patch} or a whole replacement document (which the store
 * diffs against the base), by an agent, optionally based on a version.
 *
 * <p>Base version semantics:
 * <ul>
 *   <li>none: apply to the head, whatever it is (last writer wins per path);
 *   <li>{@link #basedOn(long) basedOn(n)}: optimistic concurrency — when {@code n} is the head,
 *       apply; when older, rebase if no path the change touches was changed after {@code n},
 *       otherwise a {@link dev.sharedcontext.core.VersionConflictException} naming the paths;
 *       {@code 0} means "I expect a new project", and is a conflict on the whole document (path
 *       {@code ""}) once the project exists, since its creation counts as a change of every path;
 *   <li>{@link #ifHeadIs(long) ifHeadIs(n)}: commit only if the head is exactly {@code n}, no
 *       rebase (HTTP {@code If-Match}).
 * </ul>
 *
 * @param patch the change as a patch; null when {@code replacement} is given
 * @param replacement the whole new document; null when {@code patch} is given
 * @param baseVersion the version the change was made against, or -1 for none
 * @param exactBase true if {@code baseVersion} must be the head exactly
 * @param agentId who commits; empty if unknown, never null
 */
public record CommitRequest(Patch patch, ContextDocument replacement, long baseVersion, boolean exactBase,
    String agentId) {

  /** No base version. */
  public static final long NO_BASE = -1;

  public CommitRequest {
    if ((patch == null) == (replacement == null)) {
      throw new IllegalArgumentException("exactly one of patch and replacement must be given");
    }
    if (baseVersion < NO_BASE) {
      throw new IllegalArgumentException("baseVersion must be >= 0 (or NO_BASE): " + baseVersion);
    }
    if (exactBase && baseVersion == NO_BASE) {
      throw new IllegalArgumentException("exactBase needs a baseVersion");
    }
    Objects.requireNonNull(agentId, "agentId");
  }

  /** Apply {@code patch}, with no base version and no agent. */
  public static CommitRequest patch(Patch patch) {
    return new CommitRequest(Objects.requireNonNull(patch, "patch"), null, NO_BASE, false, "");
  }

  /** Replace the whole document, with no base version and no agent. */
  public static CommitRequest replace(ContextDocument document) {
    return new CommitRequest(null, Objects.requireNonNull(document, "document"), NO_BASE, false, "");
  }

  /** This request, made against {@code version} (rebased when possible). */
  public CommitRequest basedOn(long version) {
    return new CommitRequest(patch, replacement, version, false, agentId);
  }

  /** This request, to be committed only if the head is exactly {@code version}. */
  public CommitRequest ifHeadIs(long version) {
    return new CommitRequest(patch, replacement, version, true, agentId);
  }

  /** This request, by {@code agentId} (null means unknown). */
  public CommitRequest by(String agentId) {
    return new CommitRequest(patch, replacement, baseVersion, exactBase, agentId == null ? "" : agentId);
  }

  public boolean hasBase() {
    return baseVersion != NO_BASE;
  }
}
