package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Composition of patches. */
final class PatchComposer {
  private PatchComposer() {}

  static Patch compose(Patch first, Patch second) {
    throw new UnsupportedOperationException("TODO");
  }
}
