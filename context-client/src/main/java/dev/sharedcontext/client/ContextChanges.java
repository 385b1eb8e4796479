package dev.sharedcontext.client;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/**
 * What takes a holder of {@code fromVersion} to the head ({@code GET /context/{id}?since=N}):
 * a patch, or the whole head when the server's history no longer reaches {@code fromVersion}.
 *
 * @param projectId the project
 * @param fromVersion the version asked from
 * @param currentVersion the head
 * @param hash the head's hash
 * @param patch takes {@code fromVersion}'s document to the head's; null when {@code snapshot} is given
 * @param snapshot the whole head; null when {@code patch} is given
 */
public record ContextChanges(String projectId, long fromVersion, long currentVersion, String hash, Patch patch,
    ContextDocument snapshot) {

  public ContextChanges {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(hash, "hash");
    if ((patch == null) == (snapshot == null)) {
      throw new IllegalArgumentException("exactly one of patch and snapshot must be given");
    }
  }

  /** True if the head came whole rather than as a patch. */
  public boolean isSnapshot() {
    return snapshot != null;
  }

  /**
   * The head's document, given the document at {@code fromVersion} (ignored for a snapshot).
   *
   * @throws dev.sharedcontext.core.PatchFailedException if the patch does not apply to {@code from}
   */
  public ContextDocument applyTo(ContextDocument from) {
    return snapshot != null ? snapshot : patch.apply(Objects.requireNonNull(from, "from"));
  }
}
