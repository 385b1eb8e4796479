package dev.sharedcontext.core;

/**
 * Input that is not acceptable as given: malformed JSON, a wrong type, a bad project id, a
 * number outside the range the canonical form can represent. Fix the input; retrying the same
 * request cannot succeed. On the wire: 400 {@code INVALID_INPUT}.
 */
public class InvalidInputException extends ContextException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super("INVALID_INPUT", message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super("INVALID_INPUT", message, cause);
  }

  protected InvalidInputException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
