package dev.sharedcontext.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.tokens.internal.SegmentTokenCounter;
import java.util.Objects;

/** Factories behind {@link TokenCounter}'s static methods. */
final class TokenCounters {
  private TokenCounters() {}

  static TokenCounter bpe(TokenEncoding encoding) {
    Objects.requireNonNull(encoding, "encoding");
    Encoding bpe = Registry.INSTANCE.getEncoding(switch (encoding) {
      case O200K_BASE -> EncodingType.O200K_BASE;
      case CL100K_BASE -> EncodingType.CL100K_BASE;
    });
    // Ordinary counting: a context may well contain "<|endoftext|>" as text, which must count
    // as text rather than fail (jtokkit's countTokens rejects special tokens).
    return new SegmentTokenCounter(encoding.wireName(), bpe::countTokensOrdinary,
        SegmentTokenCounter.DEFAULT_MAX_CACHE_WEIGHT);
  }

  static TokenCounter estimator() {
    return SegmentTokenCounter.estimator();
  }

  /** One registry for the process: it loads each bundled encoding once, on first use. */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }
}
