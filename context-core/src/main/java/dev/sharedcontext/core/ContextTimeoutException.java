package dev.sharedcontext.core;

/** An operation did not complete within its configured timeout. Retrying may succeed. */
public class ContextTimeoutException extends ContextException {
  private static final long serialVersionUID = 1L;

  public ContextTimeoutException(String message, Throwable cause) {
    super("TIMEOUT", message, cause);
  }
}
