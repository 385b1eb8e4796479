package dev.sharedcontext.client.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.ContextChanges;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The JSON of the wire protocol (PROTOCOL.md): reading responses and frames, writing requests. */
final class Wire {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Wire() {}

  /** The JSON of a body or frame; null for an empty body. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw invalid("the server sent malformed JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw invalid("the server sent a malformed frame: " + e.getMessage(), e);
    }
  }

  /** {@code {projectId, version, timestamp, context, hash}}, the hash checked against the content. */
  static VersionedContext versioned(JsonNode n, String projectId) {
    ContextDocument document = document(n, "context", n.path("hash").asText(""));
    return new VersionedContext(projectId, required(n, "version").asLong(), document, document.hash(),
        timestamp(n));
  }

  /** The document under {@code field}, checked against {@code hash}. */
  static ContextDocument document(JsonNode n, String field, String hash) {
    ContextDocument document = ContextDocument.of(required(n, field));
    if (!document.hash().equals(hash)) {
      throw new ContextException("HASH_MISMATCH", "the context received hashes to " + document.hash()
          + ", the server said " + hash);
    }
    return document;
  }

  /**
   * The answer to a commit: {@code {projectId, version, hash, tokensSaved?, isNew?, changed?}};
   * without {@code changed} (a server that does not say), a commit is taken to have made a version.
   */
  static CommitReceipt receipt(JsonNode n, String projectId) {
    return new CommitReceipt(projectId, required(n, "version").asLong(), required(n, "hash").asText(),
        n.path("tokensSaved").asLong(0), n.path("isNew").asBoolean(false), n.path("changed").asBoolean(true));
  }

  /** {@code {fromVersion, currentVersion, patch, hash}} or {@code {..., snapshot: true, context}}. */
  static ContextChanges changes(JsonNode n, String projectId) {
    String hash = required(n, "hash").asText();
    long from = n.path("fromVersion").asLong();
    long current = required(n, "currentVersion").asLong();
    if (n.path("snapshot").asBoolean(false)) {
      return new ContextChanges(projectId, from, current, hash, null, document(n, "context", hash));
    }
    return new ContextChanges(projectId, from, current, hash, Patch.fromJson(required(n, "patch")), null);
  }

  /** {@code [{version, timestamp, agentId, hash, size, tokens}]}. */
  static List<ContextVersion> history(JsonNode n, String projectId) {
    if (n == null || !n.isArray()) {
      throw invalid("the server sent no version list", null);
    }
    List<ContextVersion> out = new ArrayList<>(n.size());
    for (JsonNode v : n) {
      Instant t = timestamp(v);
      out.add(new ContextVersion(projectId, required(v, "version").asLong(), t == null ? Instant.EPOCH : t,
          v.path("agentId").asText(""), required(v, "hash").asText(), v.path("size").asLong(0),
          v.path("tokens").asLong(0)));
    }
    return List.copyOf(out);
  }

  /**
   * {@code {projectId, version, budget, tokens, context, references: [{ref, path, tokens}]}}; each
   * reference's summary is read from its placeholder in the context.
   */
  static Window window(JsonNode n) {
    long version = required(n, "version").asLong();
    JsonNode context = required(n, "context");
    List<WindowReference> refs = new ArrayList<>();
    for (JsonNode r : required(n, "references")) {
      String path = required(r, "path").asText();
      JsonNode placeholder = context.at(JsonPointer.compile(path));
      refs.add(new WindowReference(required(r, "ref").asText(), path, version, required(r, "tokens").asLong(),
          placeholder.path("summary").asText("")));
    }
    return new Window(required(n, "projectId").asText(), version, required(n, "budget").asInt(),
        required(n, "tokens").asLong(), ContextDocument.of(context), refs, refs.isEmpty());
  }

  /** The whole body, which must not be empty. */
  static JsonNode required(HttpTransport.Response r) {
    if (r.body() == null) {
      throw invalid("the server's answer is empty", null);
    }
    return r.body();
  }

  static Instant timestamp(JsonNode n) {
    JsonNode t = n.get("timestamp");
    if (t == null || !t.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(t.textValue());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code {"context": <canonical JSON>, "agentId": ...}}, without copying the document into a tree. */
  static String putBody(ContextDocument document, String agentId) {
    return "{\"context\":" + document.canonicalJson() + ",\"agentId\":" + string(agentId) + "}";
  }

  static String diffBody(Patch patch, long baseVersion, String agentId) {
    ObjectNode body = MAPPER.createObjectNode();
    body.set("patch", patch.toJsonNode());
    if (baseVersion >= 0) {
      body.put("baseVersion", baseVersion);
    }
    body.put("agentId", agentId);
    return write(body);
  }

  static String rollbackBody(long toVersion, String agentId) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("toVersion", toVersion);
    body.put("agentId", agentId);
    return write(body);
  }

  static JsonNode required(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) {
      throw invalid("the server's answer has no '" + field + "'", null);
    }
    return v;
  }

  private static String string(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serializes", e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  private static ContextException invalid(String message, Throwable cause) {
    return new ContextException("INVALID_RESPONSE", message, cause);
  }
}
