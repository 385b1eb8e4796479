package dev.sharedcontext.integration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import java.util.ArrayList;
import java.util.List;

/** The server's {@code /window} answer as core's {@link Window}. */
final class WindowJson {
  private WindowJson() {}

  /** {@code {projectId, version, budget, tokens, context, references: [{ref, path, tokens, summary?}]}}. */
  static Window parse(JsonNode body) {
    long version = body.path("version").asLong();
    List<WindowReference> refs = new ArrayList<>();
    for (JsonNode r : body.path("references")) {
      refs.add(new WindowReference(r.path("ref").asText(), r.path("path").asText(), r.path("version").asLong(version),
          r.path("tokens").asLong(), r.path("summary").asText("")));
    }
    return new Window(body.path("projectId").asText(), version, body.path("budget").asInt(),
        body.path("tokens").asLong(), ContextDocument.of(body.get("context")), refs, refs.isEmpty());
  }
}
