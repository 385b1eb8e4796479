package dev.sharedcontext.client;

import dev.sharedcontext.core.ContextDocument;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a project's context as the client holds it.
 *
 * @param projectId the project
 * @param version the version, at least 1
 * @param document the content; immutable
 * @param hash lowercase hex SHA-256 of the canonical JSON; equals {@code document.hash()}
 * @param timestamp when the version was committed, or null when the server did not say (the
 *     stream's catch-up deltas carry no timestamp)
 */
public record VersionedContext(String projectId, long version, ContextDocument document, String hash,
    Instant timestamp) {

  public VersionedContext {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(hash, "hash");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1: " + version);
    }
  }
}
