package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Atomic application of patches. */
final class PatchApplier {
  private PatchApplier() {}

  static ContextDocument apply(Patch patch, ContextDocument document) {
    throw new UnsupportedOperationException("TODO");
  }
}
