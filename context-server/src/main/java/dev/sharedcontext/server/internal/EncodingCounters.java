package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.tokens.TokenEncoding;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The token counter for an {@code encoding} parameter: the server's own counter when the names
 * agree (so its string cache is shared), otherwise one BPE counter per encoding for the whole
 * process, made on first use ({@link TokenCounter#shared()} for the default encoding). Thread-safe.
 */
final class EncodingCounters {
  private static final Map<TokenEncoding, TokenCounter> SHARED = new ConcurrentHashMap<>();

  private final Supplier<TokenCounter> configured;

  EncodingCounters(Supplier<TokenCounter> configured) {
    this.configured = configured;
  }

  /** The server's configured counter: the one every figure of {@code /metrics} is counted with. */
  TokenCounter configured() {
    return configured.get();
  }

  /**
   * The counter for {@code name} ({@code o200k_base}, {@code cl100k_base}); the configured one
   * when {@code name} is null.
   *
   * @throws InvalidInputException for an unknown encoding
   */
  TokenCounter forName(String name) {
    TokenCounter own = configured.get();
    if (name == null || name.equalsIgnoreCase(own.name())) {
      return own;
    }
    TokenEncoding encoding;
    try {
      encoding = TokenEncoding.fromName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown encoding '" + Route.abbreviate(name) + "'; known: o200k_base, cl100k_base");
    }
    return encoding == TokenEncoding.DEFAULT ? TokenCounter.shared()
        : SHARED.computeIfAbsent(encoding, TokenCounter::bpe);
  }
}
