package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Inverse patches. */
final class PatchInverter {
  private PatchInverter() {}

  static Patch invert(Patch patch, ContextDocument before) {
    throw new UnsupportedOperationException("TODO");
  }
}
