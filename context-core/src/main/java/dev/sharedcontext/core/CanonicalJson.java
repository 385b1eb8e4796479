package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 8785 canonical serialization and SHA-256. */
final class CanonicalJson {
  private CanonicalJson() {}

  static byte[] write(JsonNode node) {
    throw new UnsupportedOperationException("TODO");
  }

  static String sha256Hex(byte[] bytes) {
    throw new UnsupportedOperationException("TODO");
  }
}
