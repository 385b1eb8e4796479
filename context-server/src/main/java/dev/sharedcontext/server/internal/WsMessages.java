package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.DeleteReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Locale;

/** The server-to-client WebSocket messages, with the protocol's field names. */
final class WsMessages {
  private WsMessages() {}

  /** {@code context_snapshot} {@code {type, projectId, version, timestamp, context, hash}}. */
  static byte[] snapshot(ContextSnapshot s) {
    JsonOut out = JsonOut.bytes().startObject().field("type", "context_snapshot");
    return Responses.snapshotFields(out, s).endObject().toByteArray();
  }

  /**
   * {@code context_update} {@code {type, projectId, version, baseVersion, timestamp, agentId,
   * hash, patch, tokensSaved}}, written into a direct buffer that the caller owns: it is shared
   * by every subscriber, so it is kept off the heap where the socket write would copy it.
   *
   * @param catchUp true when {@code patch} spans several versions (a catch-up), marked as such
   */
  static ByteBuf update(ByteBufAllocator alloc, ContextVersion v, long baseVersion, Patch patch, long tokensSaved,
      boolean catchUp) {
    return update(alloc.directBuffer(256), v, baseVersion, patch, tokensSaved, catchUp);
  }

  /**
   * The same message, appended to {@code buf} at its writer index; returns {@code buf}, or
   * releases it and throws when the message cannot be written.
   */
  static ByteBuf update(ByteBuf buf, ContextVersion v, long baseVersion, Patch patch, long tokensSaved,
      boolean catchUp) {
    try {
      JsonOut out = JsonOut.into(buf).startObject()
          .field("type", "context_update")
          .field("projectId", v.projectId())
          .field("version", v.version())
          .field("baseVersion", baseVersion)
          .field("timestamp", Timestamps.format(v.timestamp()))
          .field("agentId", v.agentId())
          .field("hash", v.hash())
          .patch("patch", patch)
          .field("tokensSaved", tokensSaved);
      if (catchUp) {
        out.field("catchUp", true);
      }
      out.endObject().finish();
      return buf;
    } catch (RuntimeException | Error e) {
      buf.release();
      throw e;
    }
  }

  /** {@code context_deleted} {@code {type, projectId, reason}}. */
  static byte[] deleted(String projectId, DeleteReason reason) {
    return JsonOut.bytes().startObject()
        .field("type", "context_deleted")
        .field("projectId", projectId)
        .field("reason", reason.name().toLowerCase(Locale.ROOT))
        .endObject().toByteArray();
  }

  /** {@code ack} {@code {type, requestId, version, hash}} for a client's {@code context_update}. */
  static byte[] ack(JsonNode requestId, ContextVersion v, long tokensSaved) {
    JsonOut out = JsonOut.bytes().startObject().field("type", "ack");
    if (requestId != null) {
      out.tree("requestId", requestId);
    } else {
      out.value("requestId", null);
    }
    return out.field("version", v.version())
        .field("hash", v.hash())
        .field("tokensSaved", tokensSaved)
        .endObject().toByteArray();
  }

  /** {@code pong} {@code {type}}. */
  static byte[] pong() {
    return "{\"type\":\"pong\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
