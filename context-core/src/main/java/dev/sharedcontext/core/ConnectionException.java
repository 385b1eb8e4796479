package dev.sharedcontext.core;

/** The server could not be reached, or the connection broke. Retrying may succeed. */
public class ConnectionException extends ContextException {
  private static final long serialVersionUID = 1L;

  public ConnectionException(String message, Throwable cause) {
    super("CONNECTION", message, cause);
  }
}
