package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of patches. */
final class PatchJson {
  private PatchJson() {}

  static Patch read(JsonNode json) {
    throw new UnsupportedOperationException("TODO");
  }

  static ArrayNode write(Patch patch) {
    throw new UnsupportedOperationException("TODO");
  }

  static String writeString(Patch patch) {
    throw new UnsupportedOperationException("TODO");
  }
}
