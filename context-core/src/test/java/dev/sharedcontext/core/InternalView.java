package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.InternalAccess;

/** Tests read documents' trees without copying them; they never change them. */
final class InternalView {
  private InternalView() {}

  static JsonNode tree(ContextDocument doc) {
    return InternalAccess.tree(doc);
  }
}
