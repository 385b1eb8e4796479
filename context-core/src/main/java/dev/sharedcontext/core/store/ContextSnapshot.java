package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import java.util.Objects;

/** A document together with the version it is. */
public record ContextSnapshot(ContextVersion version, ContextDocument document) {
  public ContextSnapshot {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(document, "document");
  }
}
