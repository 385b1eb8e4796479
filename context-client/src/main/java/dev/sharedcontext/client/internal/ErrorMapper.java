package dev.sharedcontext.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.InvalidPatchException;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.PatchFailedException;
import dev.sharedcontext.core.UnauthorizedException;
import dev.sharedcontext.core.VersionConflictException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an HTTP error response into the exception of core that the server threw: by the
 * {@code code} of the error body {@code {error, code, statusCode, ...}}, or by the status when
 * the body has no code (a proxy's error page, an older server).
 */
final class ErrorMapper {
  private ErrorMapper() {}

  /**
   * @param status the HTTP status, 400 or above
   * @param body the parsed body, or null when it was empty or not JSON
   * @param baseVersion the base version the request was made against, -1 if none (a conflict
   *     body need not repeat it)
   */
  static ContextException map(int status, JsonNode body, long baseVersion) {
    JsonNode b = body == null ? MissingNode.getInstance() : body;
    String message = b.path("error").isTextual() ? b.path("error").textValue() : "HTTP " + status;
    String code = b.path("code").isTextual() ? b.path("code").textValue() : byStatus(status);
    switch (code) {
      case "VERSION_CONFLICT":
      case "PRECONDITION_FAILED":
        return new VersionConflictException(b.path("baseVersion").asLong(baseVersion),
            b.path("currentVersion").asLong(-1), strings(b.path("conflictingPaths")), message);
      case "NOT_FOUND":
        return new NotFoundException(message);
      case "TOO_LARGE":
      case "LIMIT_EXCEEDED":
        return new LimitExceededException(code, b.path("limitName").asText(""), b.path("limit").asLong(-1), message);
      case "UNAUTHORIZED":
      case "FORBIDDEN":
        return new UnauthorizedException(code, message);
      case "COMPACTED":
        return new CompactedException(b.path("requestedVersion").asLong(-1), b.path("oldestAvailable").asLong(-1));
      case "INVALID_PATCH":
        return new InvalidPatchException(message);
      case "INVALID_INPUT":
        return new InvalidInputException(message);
      case "PATCH_FAILED":
        return patchFailed(b, message);
      case "TIMEOUT":
        return new ContextTimeoutException(message, null);
      case "UNAVAILABLE":
        return new ConnectionException(message, null);
      default:
        return new ContextException(code, message);
    }
  }

  /** The code a server would have sent with this status. */
  static String byStatus(int status) {
    switch (status) {
      case 400: return "INVALID_INPUT";
      case 401: return "UNAUTHORIZED";
      case 403: return "FORBIDDEN";
      case 404: return "NOT_FOUND";
      case 409: return "VERSION_CONFLICT";
      case 410: return "COMPACTED";
      case 412: return "PRECONDITION_FAILED";
      case 413: return "TOO_LARGE";
      case 422: return "PATCH_FAILED";
      case 429: return "LIMIT_EXCEEDED";
      case 502:
      case 503: return "UNAVAILABLE";
      case 504: return "TIMEOUT";
      default: return "HTTP_" + status;
    }
  }

  private static PatchFailedException patchFailed(JsonNode b, String message) {
    int index = b.path("operationIndex").asInt(-1);
    String path = b.path("path").asText("");
    // PatchFailedException prefixes "operation i (path): "; do not repeat what the server wrote.
    String prefix = "operation " + index + " (" + path + "): ";
    String detail = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return new PatchFailedException(index, path, detail);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
