package dev.sharedcontext.core;

/**
 * No valid credentials (wire: 401 {@code UNAUTHORIZED}) or credentials that do not grant this
 * operation on this project (wire: 403 {@code FORBIDDEN}).
 */
public class UnauthorizedException extends ContextException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String code, String message) {
    super(code, message);
  }

  public static UnauthorizedException unauthenticated(String message) {
    return new UnauthorizedException("UNAUTHORIZED", message);
  }

  public static UnauthorizedException forbidden(String message) {
    return new UnauthorizedException("FORBIDDEN", message);
  }

  /** True for a 403 (valid credentials without the grant), false for a 401. */
  public boolean isForbidden() {
    return "FORBIDDEN".equals(code());
  }
}
