package dev.sharedcontext.benchmarks;

/**
 * A benchmark cannot run (a tool is missing, a peer did not start, a load generator failed):
 * {@link Main} prints the message as one line, without a stack trace, and exits with 2.
 */
final class BenchmarkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchmarkException(String message) {
    super(message);
  }

  BenchmarkException(String message, Throwable cause) {
    super(message, cause);
  }
}
