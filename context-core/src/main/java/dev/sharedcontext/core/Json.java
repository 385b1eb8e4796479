package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Parsing with limits, validation of numbers, pointer resolution. */
final class Json {
  private Json() {}

  /** Parses one JSON value with the limits; InvalidInputException / LimitExceededException otherwise. */
  static JsonNode parse(String json, JsonLimits limits) {
    throw new UnsupportedOperationException("TODO");
  }

  static JsonNode parse(byte[] utf8, JsonLimits limits) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Throws InvalidInputException if a number cannot be represented exactly in canonical form. */
  static void validate(JsonNode node) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The node at pointer, or null. */
  static JsonNode resolve(JsonNode root, JsonPointer pointer) {
    throw new UnsupportedOperationException("TODO");
  }
}
