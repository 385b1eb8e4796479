package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.JsonLimits;
import dev.sharedcontext.core.LegacyDiff;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.codec.CompressionPolicy;
import dev.sharedcontext.core.internal.InternalAccess;
import dev.sharedcontext.core.store.CommitRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Map;
import java.util.Optional;

/**
 * Reading request bodies and WebSocket messages into what the store takes, with the protocol's
 * accepted shapes. Every wrong shape or type is an {@link InvalidInputException} naming the field.
 */
final class Bodies {
  static final int MAX_AGENT_ID_LENGTH = 256;

  private Bodies() {}

  record Put(ContextDocument context, String agentId) {}

  record Commit(Patch patch, long baseVersion, String agentId) {
    CommitRequest request() {
      CommitRequest r = CommitRequest.patch(patch).by(agentId);
      return baseVersion == CommitRequest.NO_BASE ? r : r.basedOn(baseVersion);
    }
  }

  record Rollback(long toVersion, String agentId) {}

  /** The body's bytes, decompressed (bounded by {@code maxBytes}) when it has a Content-Encoding. */
  static byte[] bytes(FullHttpRequest req, CompressionPolicy policy, int maxBytes) {
    byte[] raw = ByteBufUtil.getBytes(req.content());
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return raw;
    }
    Optional<Codec> codec = Codec.forContentEncoding(encoding.trim());
    if (codec.isEmpty()) {
      throw new ServerException(415, "UNSUPPORTED_MEDIA_TYPE", "unsupported Content-Encoding '"
          + Route.abbreviate(encoding) + "'; supported: gzip, deflate, zstd, identity", Map.of());
    }
    return codec.get().decode(raw, Math.min(policy.maxDecodedBytes(), maxBytes));
  }

  /**
   * Parses JSON with the core's limits and checks. The tree is the caller's alone (the document
   * it was parsed into is dropped), so it is not copied; parts of it become documents and
   * patches as they are, so it must not be changed once read.
   */
  static JsonNode json(byte[] bytes, JsonLimits limits) {
    return InternalAccess.tree(ContextDocument.parse(bytes, limits));
  }

  /** {@code {context, agentId?}}. */
  static Put put(JsonNode body, Query query) {
    requireObject(body, "the body of PUT", "{\"context\": {...}, \"agentId\": \"...\"}");
    JsonNode context = body.get("context");
    if (context == null || context.isNull()) {
      throw new InvalidInputException("the body of PUT needs a 'context' member");
    }
    // Checked as a document's tree when the body was parsed, and held by nobody else: no copy.
    return new Put(InternalAccess.wrap(context), agentId(body, query));
  }

  /**
   * {@code {patch, baseVersion?, agentId?}}, a legacy diff {@code {added, modified, removed,
   * unchanged}}, or a bare RFC 6902 array; {@code baseVersion} and {@code agentId} may also come
   * from the query.
   */
  static Commit commit(JsonNode body, Query query) {
    Long queryBase = query == null ? null : query.getLong("baseVersion", 0);
    long queryBaseVersion = queryBase == null ? CommitRequest.NO_BASE : queryBase;
    if (body.isArray()) {
      return new Commit(Patch.fromJson(body), queryBaseVersion, agentId(null, query));
    }
    requireObject(body, "a diff", "{\"patch\": [...], \"baseVersion\": N}, a legacy diff, or a JSON Patch array");
    if (body.has("patch")) {
      long base = version(body, "baseVersion", 0);
      return new Commit(patch(body.get("patch")), base == CommitRequest.NO_BASE ? queryBaseVersion : base,
          agentId(body, query));
    }
    if (LegacyDiff.looksLike(body)) {
      return new Commit(LegacyDiff.fromJson(body).toPatch(), queryBaseVersion, agentId(null, query));
    }
    throw new InvalidInputException("a diff must be {\"patch\": [...], \"baseVersion\"?: N, \"agentId\"?: \"...\"}, "
        + "a legacy diff {added, modified, removed, unchanged}, or a JSON Patch array");
  }

  /** A patch: an RFC 6902 array, or a legacy diff object. */
  static Patch patch(JsonNode node) {
    if (node != null && node.isObject() && LegacyDiff.looksLike(node)) {
      return LegacyDiff.fromJson(node).toPatch();
    }
    if (node == null || !node.isArray()) {
      throw new InvalidInputException("'patch' must be a JSON Patch array (RFC 6902)");
    }
    return Patch.fromJson(node);
  }

  /** {@code {toVersion, agentId?}}. */
  static Rollback rollback(JsonNode body, Query query) {
    requireObject(body, "the body of a rollback", "{\"toVersion\": N}");
    long to = version(body, "toVersion", 1);
    if (to == CommitRequest.NO_BASE) {
      throw new InvalidInputException("a rollback needs 'toVersion'");
    }
    return new Rollback(to, agentId(body, query));
  }

  /** An optional non-negative integer member of at least {@code min}; {@link CommitRequest#NO_BASE} when absent. */
  static long version(JsonNode body, String field, long min) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return CommitRequest.NO_BASE;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min) {
      throw new InvalidInputException("'" + field + "' must be an integer of at least " + min);
    }
    return v.longValue();
  }

  private static String agentId(JsonNode body, Query query) {
    JsonNode v = body == null ? null : body.get("agentId");
    if (v != null && !v.isNull()) {
      if (!v.isTextual()) {
        throw new InvalidInputException("'agentId' must be a string");
      }
      return checkAgentId(v.textValue());
    }
    String fromQuery = query == null ? null : query.agentId("agentId");
    return fromQuery == null ? "" : fromQuery;
  }

  /** At most {@value #MAX_AGENT_ID_LENGTH} characters, none of them control characters; null passes. */
  static String checkAgentId(String id) {
    if (id == null) {
      return null;
    }
    if (id.length() > MAX_AGENT_ID_LENGTH || hasControlCharacter(id)) {
      throw new InvalidInputException("agentId must be at most " + MAX_AGENT_ID_LENGTH
          + " characters without control characters");
    }
    return id;
  }

  // A loop, not chars().anyMatch(): this runs on every commit, and the stream allocated.
  private static boolean hasControlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void requireObject(JsonNode body, String what, String shape) {
    if (!body.isObject()) {
      throw new InvalidInputException(what + " must be a JSON object: " + shape);
    }
  }
}
