package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The legacy diff shape. */
final class LegacyDiffs {
  private LegacyDiffs() {}

  static LegacyDiff between(ContextDocument before, ContextDocument after) {
    throw new UnsupportedOperationException("TODO");
  }

  static boolean looksLike(JsonNode json) {
    throw new UnsupportedOperationException("TODO");
  }

  static LegacyDiff fromJson(JsonNode json) {
    throw new UnsupportedOperationException("TODO");
  }

  static ObjectNode toJson(LegacyDiff diff) {
    throw new UnsupportedOperationException("TODO");
  }

  static Patch toPatch(LegacyDiff diff) {
    throw new UnsupportedOperationException("TODO");
  }
}
