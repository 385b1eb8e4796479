package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** A trace state as the context {@code {"files": {path: content}}}, and back. */
final class TraceDocuments {
  private TraceDocuments() {}

  static ContextDocument toDocument(Map<String, String> state) {
    ObjectNode files = JsonNodeFactory.instance.objectNode();
    state.forEach(files::put);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("files", files);
    return ContextDocument.of(root);
  }

  static Map<String, String> toState(ContextDocument document) {
    Map<String, String> state = new TreeMap<>();
    JsonNode files = document.get("/files").orElseThrow();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      state.put(e.getKey(), e.getValue().textValue());
    }
    return state;
  }
}
