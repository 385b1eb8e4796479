package dev.sharedcontext.core;

/**
 * No such project, version or path. On the wire: 404 {@code NOT_FOUND}.
 */
public class NotFoundException extends ContextException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super("NOT_FOUND", message);
  }
}
