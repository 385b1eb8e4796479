package dev.sharedcontext.core;

/**
 * A patch that is malformed in itself, whatever document it is applied to: not an array, an
 * unknown {@code op}, a missing member, a pointer that is not a valid RFC 6901 pointer, a
 * malformed {@code x-text} hunk. On the wire: 400 {@code INVALID_PATCH}.
 */
public class InvalidPatchException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidPatchException(String message) {
    super("INVALID_PATCH", message, null);
  }

  public InvalidPatchException(String message, Throwable cause) {
    super("INVALID_PATCH", message, cause);
  }
}
