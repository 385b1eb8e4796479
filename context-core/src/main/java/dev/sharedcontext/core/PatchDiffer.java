package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Computes small patches between documents. */
final class PatchDiffer {
  private PatchDiffer() {}

  static Patch diff(ContextDocument from, ContextDocument to) {
    throw new UnsupportedOperationException("TODO");
  }
}
