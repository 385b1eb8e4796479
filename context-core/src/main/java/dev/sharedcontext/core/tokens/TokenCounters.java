package dev.sharedcontext.core.tokens;

/** Factories behind {@link TokenCounter}'s static methods. */
final class TokenCounters {
  private TokenCounters() {}

  static TokenCounter bpe(TokenEncoding encoding) {
    throw new UnsupportedOperationException("TODO");
  }

  static TokenCounter estimator() {
    throw new UnsupportedOperationException("TODO");
  }
}
