package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.PatchFailedException;
import dev.sharedcontext.core.VersionConflictException;
import java.util.Map;

/**
 * The one mapping from exceptions to the protocol's error shape:
 * {@code {error, code, statusCode, timestamp, ...}} with the fields specific to the code.
 */
final class Errors {
  private Errors() {}

  /** The HTTP status of a core or server exception, by its {@code code()}. */
  static int status(ContextException e) {
    if (e instanceof ServerException se) {
      return se.status();
    }
    return switch (e.code()) {
      case "INVALID_INPUT", "INVALID_PATCH" -> 400;
      case "UNAUTHORIZED" -> 401;
      case "FORBIDDEN" -> 403;
      case "NOT_FOUND" -> 404;
      case "VERSION_CONFLICT" -> 409;
      case "COMPACTED" -> 410;
      case "TOO_LARGE" -> 413;
      case "PATCH_FAILED" -> 422;
      case "LIMIT_EXCEEDED" -> 429;
      case "CLOSED", "CONNECTION" -> 503;
      case "TIMEOUT" -> 504;
      default -> 500;
    };
  }

  /** The HTTP error body of {@code e}. */
  static byte[] body(ContextException e) {
    JsonOut out = JsonOut.bytes().startObject();
    fields(out, e);
    return out.endObject().toByteArray();
  }

  /** The body of an unexpected failure: its detail stays in the log, not on the wire. */
  static byte[] internal() {
    return body(new ServerException(500, "INTERNAL_ERROR", "internal error"));
  }

  /** A WebSocket {@code error} message for {@code e}, answering {@code requestId} (may be null). */
  static byte[] wsMessage(ContextException e, JsonNode requestId) {
    JsonOut out = JsonOut.bytes().startObject().field("type", "error");
    if (requestId != null && !requestId.isNull()) {
      out.tree("requestId", requestId);
    }
    fields(out, e);
    return out.endObject().toByteArray();
  }

  private static void fields(JsonOut out, ContextException e) {
    int status = status(e);
    out.field("error", e.getMessage())
        .field("code", status == 500 && !(e instanceof ServerException) ? "INTERNAL_ERROR" : e.code())
        .field("statusCode", status)
        .field("timestamp", Timestamps.now());
    if (e instanceof VersionConflictException vc) {
      out.field("baseVersion", vc.baseVersion())
          .field("currentVersion", vc.currentVersion())
          .value("conflictingPaths", vc.conflictingPaths());
    } else if (e instanceof CompactedException c) {
      out.field("requestedVersion", c.requestedVersion()).field("oldestAvailable", c.oldestAvailable());
    } else if (e instanceof LimitExceededException le) {
      out.field("limit", le.limit()).field("limitName", le.limitName());
    } else if (e instanceof PatchFailedException pf) {
      out.field("operationIndex", pf.operationIndex()).field("path", pf.path());
    } else if (e instanceof ServerException se) {
      for (Map.Entry<String, Object> x : se.extra().entrySet()) {
        out.value(x.getKey(), x.getValue());
      }
    }
  }
}
