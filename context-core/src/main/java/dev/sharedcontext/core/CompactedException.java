package dev.sharedcontext.core;

/**
 * The version asked for is no longer in the retained history. Take a snapshot instead (or ask
 * for {@code oldestAvailable} or later). On the wire: 410 {@code COMPACTED} with
 * {@code oldestAvailable}.
 */
public class CompactedException extends ContextException {
  private static final long serialVersionUID = 1L;

  private final long requestedVersion;
  private final long oldestAvailable;

  public CompactedException(long requestedVersion, long oldestAvailable) {
    super("COMPACTED", "version " + requestedVersion + " is no longer retained; the oldest available is "
        + oldestAvailable);
    this.requestedVersion = requestedVersion;
    this.oldestAvailable = oldestAvailable;
  }

  public long requestedVersion() {
    return requestedVersion;
  }

  /** The oldest version that can still be read. */
  public long oldestAvailable() {
    return oldestAvailable;
  }
}
