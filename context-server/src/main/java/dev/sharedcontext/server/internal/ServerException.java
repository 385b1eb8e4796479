package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ContextException;
import java.util.Map;

/**
 * A refusal that belongs to HTTP rather than to the core domain (405, 412, 426, 501, 503...):
 * it carries its status and any extra fields of the error body.
 */
final class ServerException extends ContextException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, Object> extra;

  ServerException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  ServerException(int status, String code, String message, Map<String, Object> extra) {
    super(code, message);
    this.status = status;
    this.extra = Map.copyOf(extra);
  }

  static ServerException methodNotAllowed(String method, String allow) {
    return new ServerException(405, "METHOD_NOT_ALLOWED", "method " + method + " is not allowed here; allowed: " + allow,
        Map.of("allow", allow));
  }

  static ServerException notFound(String path) {
    return new ServerException(404, "NOT_FOUND", "no such endpoint: " + path);
  }

  static ServerException preconditionFailed(String message, long currentVersion) {
    return new ServerException(412, "PRECONDITION_FAILED", message, Map.of("currentVersion", currentVersion));
  }

  static ServerException shuttingDown() {
    return new ServerException(503, "SHUTTING_DOWN", "the server is shutting down");
  }

  int status() {
    return status;
  }

  /** Extra members of the error body: String, Number or Boolean values. */
  Map<String, Object> extra() {
    return extra;
  }
}
