package dev.sharedcontext.core;

/**
 * A configured limit was hit: body or context bytes, JSON depth, decompressed size, projects,
 * subscribers, tokens. {@link #limitName()} names the option to raise. On the wire: 413
 * {@code TOO_LARGE} for sizes, 429 {@code LIMIT_EXCEEDED} for counts, with {@code limit}.
 */
public class LimitExceededException extends ContextException {
  private static final long serialVersionUID = 1L;

  private final String limitName;
  private final long limit;

  public LimitExceededException(String code, String limitName, long limit, String message) {
    super(code, message);
    this.limitName = limitName;
    this.limit = limit;
  }

  /** A size limit (bytes, depth): the request is too large. */
  public static LimitExceededException tooLarge(String limitName, long limit, String what) {
    return new LimitExceededException("TOO_LARGE", limitName, limit,
        what + " exceeds " + limitName + " (" + limit + ")");
  }

  /** A count limit (projects, subscribers): too many at once. */
  public static LimitExceededException tooMany(String limitName, long limit, String what) {
    return new LimitExceededException("LIMIT_EXCEEDED", limitName, limit,
        what + " exceeds " + limitName + " (" + limit + ")");
  }

  /** The option that was hit, e.g. {@code maxContextBytes}. */
  public String limitName() {
    return limitName;
  }

  /** The configured value of that option. */
  public long limit() {
    return limit;
  }
}
