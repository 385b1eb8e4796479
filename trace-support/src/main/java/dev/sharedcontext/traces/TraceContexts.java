package dev.sharedcontext.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace state as the context every test, benchmark and demo replays: {@code {"files": {path:
 * content}}}, and back. (Plain Jackson trees, so this module needs nothing of SharedContext's.)
 */
public final class TraceContexts {
  private TraceContexts() {}

  /** The context holding {@code state}: a fresh tree the caller may wrap in a document. */
  public static ObjectNode toJson(Map<String, String> state) {
    ObjectNode files = JsonNodeFactory.instance.objectNode();
    state.forEach(files::put);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("files", files);
    return root;
  }

  /**
   * The state a context holds, sorted by path.
   *
   * @throws IllegalArgumentException if it is not {@code {"files": {path: string}}}
   */
  public static Map<String, String> toState(JsonNode context) {
    JsonNode files = context.get("files");
    if (files == null || !files.isObject()) {
      throw new IllegalArgumentException("not a trace context: no object at /files");
    }
    Map<String, String> state = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException("not a trace context: /files/" + e.getKey() + " is not a string");
      }
      state.put(e.getKey(), e.getValue().textValue());
    }
    return state;
  }
}
