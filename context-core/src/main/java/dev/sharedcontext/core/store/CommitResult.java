package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/**
 * The outcome of a commit.
 *
 * @param version the head after the commit (the new version, or the unchanged head when the
 *     change changed nothing)
 * @param previousVersion the head before the commit; 0 when the project was created by it
 * @param patch the patch that took {@code previousVersion}'s document to {@code version}'s
 *     (after any rebase); empty when nothing changed
 * @param document the head document after the commit
 * @param created true if the commit created the project
 * @param changed false if the change was a no-op and no version was added
 * @param rebased true if the change was based on an older version and rebased onto the head
 */
public record CommitResult(ContextVersion version, long previousVersion, Patch patch, ContextDocument document,
    boolean created, boolean changed, boolean rebased) {
  public CommitResult {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(patch, "patch");
    Objects.requireNonNull(document, "document");
  }
}
