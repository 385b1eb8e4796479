package dev.sharedcontext.core;

/** The client, server or store was closed; it will not serve this call. */
public class ClosedException extends ContextException {
  private static final long serialVersionUID = 1L;

  public ClosedException(String message) {
    super("CLOSED", message);
  }
}
