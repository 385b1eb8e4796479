package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/** What {@link ContextStore#since} returns: a delta from the asked version, or a snapshot. */
public sealed interface CatchUp {

  /** The project's head when the catch-up was taken. */
  ContextVersion head();

  /** The version the consumer said it holds. */
  long fromVersion();

  /** The patch that takes {@code fromVersion}'s document to {@code head}'s (empty if equal). */
  record Delta(long fromVersion, ContextVersion head, Patch patch) implements CatchUp {
    public Delta {
      Objects.requireNonNull(head, "head");
      Objects.requireNonNull(patch, "patch");
    }
  }

  /** The whole head, because the history does not reach {@code fromVersion}. */
  record Snapshot(long fromVersion, ContextVersion head, ContextDocument document, Reason reason)
      implements CatchUp {
    public Snapshot {
      Objects.requireNonNull(head, "head");
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a snapshot was sent instead of a delta. */
  enum Reason {
    /** The consumer holds nothing (version 0). */
    INITIAL,
    /** The version is older than the retained history. */
    COMPACTED,
    /** The version is newer than the head: the consumer saw another incarnation of the project. */
    AHEAD
  }
}
