package dev.sharedcontext.core;

import java.util.Objects;

/**
 * The root of every exception SharedContext throws on purpose. Unchecked: callers catch the
 * subtype they can act on ({@link VersionConflictException}, {@link CompactedException},
 * {@link LimitExceededException}, ...) and let the rest propagate.
 *
 * <p>Every instance carries a stable machine-readable {@link #code()} that is also the
 * {@code code} field of the wire protocol's error body.
 */
public class ContextException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public ContextException(String code, String message) {
    this(code, message, null);
  }

  public ContextException(String code, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The machine-readable code, e.g. {@code VERSION_CONFLICT}; never null. */
  public String code() {
    return code;
  }
}
