package dev.sharedcontext.core;

import java.util.List;

/**
 * A commit based on an older version touched paths that other commits changed since. Nothing
 * was written. Re-read (or take the delta {@code since} your base), re-apply your change and
 * commit again. On the wire: 409 {@code VERSION_CONFLICT} with {@code currentVersion} and
 * {@code conflictingPaths}.
 */
public class VersionConflictException extends ContextException {
  private static final long serialVersionUID = 1L;

  private final long baseVersion;
  private final long currentVersion;
  private final List<String> conflictingPaths;

  public VersionConflictException(long baseVersion, long currentVersion, List<String> conflictingPaths) {
    this(baseVersion, currentVersion, conflictingPaths,
        "version conflict: based on " + baseVersion + ", head is " + currentVersion
            + (conflictingPaths.isEmpty() ? "" : ", overlapping paths " + describe(conflictingPaths)));
  }

  /** The paths as a list; the root pointer, which would print as nothing, named. */
  private static String describe(List<String> paths) {
    return paths.stream().map(p -> p.isEmpty() ? "\"\" (the whole document)" : p).toList().toString();
  }

  public VersionConflictException(long baseVersion, long currentVersion, List<String> conflictingPaths,
      String message) {
    super("VERSION_CONFLICT", message);
    this.baseVersion = baseVersion;
    this.currentVersion = currentVersion;
    this.conflictingPaths = List.copyOf(conflictingPaths);
  }

  /** The version the refused commit was based on. */
  public long baseVersion() {
    return baseVersion;
  }

  /** The head version at the time of the refusal. */
  public long currentVersion() {
    return currentVersion;
  }

  /** JSON pointers (RFC 6901) changed since the base version that the refused commit touches. */
  public List<String> conflictingPaths() {
    return conflictingPaths;
  }
}
