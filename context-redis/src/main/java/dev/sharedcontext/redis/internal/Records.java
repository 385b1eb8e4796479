package dev.sharedcontext.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonLimits;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The encodings of what the store writes to Redis, and their decoding from script replies.
 * Everything read back was validated when it was committed, so parsing uses wide limits.
 */
final class Records {
  /** Wide, because these values passed the input limits once already. */
  static final JsonLimits STORED = new JsonLimits(1000, Integer.MAX_VALUE, Integer.MAX_VALUE);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The fields of the head hash that {@code range.lua} returns, in order. */
  static final int HEAD_FIELDS = 9;

  private Records() {}

  /** The head of a project as stored, without its document. */
  record Head(long version, String incarnation, ContextVersion meta, long oldest, long historyBytes) {}

  /** One retained version from the stream; patches are parsed when asked for. */
  record Entry(ContextVersion meta, String forwardJson, String inverseJson, String pathsJson, long inverseBytes,
      String nonce) {
    long version() {
      return meta.version();
    }

    Patch forward() {
      return Patch.parse(forwardJson, STORED);
    }

    Patch inverse() {
      return Patch.parse(inverseJson, STORED);
    }

    Set<JsonPointer> changedPaths() {
      return decodePaths(pathsJson);
    }
  }

  static Head head(String projectId, List<?> f) {
    long version = Long.parseLong((String) f.get(0));
    ContextVersion meta = meta(projectId, version, (String) f.get(2), (String) f.get(3), (String) f.get(4),
        (String) f.get(5), (String) f.get(6));
    return new Head(version, (String) f.get(1), meta, Long.parseLong((String) f.get(7)),
        Long.parseLong((String) f.get(8)));
  }

  /** The version of a stream entry's id, {@code <version>-0} (history and checkpoints alike). */
  static long versionOf(String streamId) {
    return Long.parseLong(streamId, 0, streamId.indexOf('-'), 10);
  }

  /** An XRANGE item: {@code [id, [field, value, ...]]}. */
  static Entry entry(String projectId, Object item) {
    List<?> pair = (List<?>) item;
    String id = (String) pair.get(0);
    long version = versionOf(id);
    List<?> kv = (List<?>) pair.get(1);
    String ts = null, agent = null, hash = null, size = null, tokens = null, f = null, i = null, p = null, ib = null;
    String n = "";
    for (int k = 0; k + 1 < kv.size(); k += 2) {
      String value = (String) kv.get(k + 1);
      switch ((String) kv.get(k)) {
        case "ts" -> ts = value;
        case "agent" -> agent = value;
        case "hash" -> hash = value;
        case "size" -> size = value;
        case "tokens" -> tokens = value;
        case "f" -> f = value;
        case "i" -> i = value;
        case "p" -> p = value;
        case "ib" -> ib = value;
        case "n" -> n = value;
        default -> { } // a field of a later format: ignore
      }
    }
    return new Entry(meta(projectId, version, ts, agent, hash, size, tokens), f, i, p, Long.parseLong(ib), n);
  }

  private static ContextVersion meta(String projectId, long version, String ts, String agent, String hash,
      String size, String tokens) {
    return new ContextVersion(projectId, version, Instant.ofEpochMilli(Long.parseLong(ts)), agent, hash,
        Long.parseLong(size), Long.parseLong(tokens));
  }

  static ContextDocument document(String canonicalJson) {
    return ContextDocument.parse(canonicalJson, STORED);
  }

  static String encodePaths(Collection<JsonPointer> paths) {
    ArrayNode array = MAPPER.createArrayNode();
    for (JsonPointer p : paths) {
      array.add(p.toString());
    }
    return array.toString();
  }

  static Set<JsonPointer> decodePaths(String json) {
    try {
      Set<JsonPointer> out = new LinkedHashSet<>();
      for (JsonNode n : MAPPER.readTree(json)) {
        out.add(JsonPointer.parse(n.textValue()));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new ContextException("STORE_ERROR", "unreadable changed paths in Redis: " + e.getOriginalMessage(), e);
    }
  }
}
