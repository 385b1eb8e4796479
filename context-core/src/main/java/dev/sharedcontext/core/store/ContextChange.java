package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/**
 * One committed version, as delivered to {@link ContextListener}s.
 *
 * @param version the new version
 * @param previousVersion the version the patch applies to (0 for a new project, whose patch
 *     applies to the empty object)
 * @param patch the change from {@code previousVersion} to {@code version}
 * @param document the document at {@code version}
 */
public record ContextChange(ContextVersion version, long previousVersion, Patch patch, ContextDocument document) {
  public ContextChange {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(patch, "patch");
    Objects.requireNonNull(document, "document");
  }

  public String projectId() {
    return version.projectId();
  }
}
