package dev.sharedcontext.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.tokens.internal.O200kBaseCount;
import dev.sharedcontext.core.tokens.internal.SegmentTokenCounter;
import java.util.Objects;
import java.util.function.ToIntFunction;

/** Factories behind {@link TokenCounter}'s static methods. */
final class TokenCounters {
  private TokenCounters() {}

  static TokenCounter bpe(TokenEncoding encoding, long cacheChars) {
    Objects.requireNonNull(encoding, "encoding");
    if (cacheChars < 0) {
      throw new IllegalArgumentException("cacheChars must not be negative: " + cacheChars);
    }
    // Ordinary counting: a context may well contain "<|endoftext|>" as text, which must count
    // as text rather than fail (jtokkit's countTokens rejects special tokens).
    // Each encoding is loaded on first count (a holder class each): loading one takes a tenth of
    // a second or more, which a server (or a test) should not pay at start.
    ToIntFunction<String> count = switch (encoding) {
      // Split by hand (see O200kBaseCount), not by jtokkit's regular expression: same counts.
      case O200K_BASE -> text -> O200k.INSTANCE.applyAsInt(text);
      case CL100K_BASE -> text -> Cl100k.INSTANCE.countTokensOrdinary(text);
    };
    return new SegmentTokenCounter(encoding.wireName(), count, cacheChars);
  }

  static TokenCounter shared() {
    return Shared.INSTANCE;
  }

  /** Made on first use: loading the encoding and filling a cache cost time and memory, so once. */
  private static final class Shared {
    static final TokenCounter INSTANCE = bpe(TokenEncoding.DEFAULT, TokenCounter.DEFAULT_CACHE_CHARS);
  }

  static TokenCounter estimator() {
    return SegmentTokenCounter.estimator();
  }

  /** The o200k_base ranks, loaded once for the process, when first counted with. */
  private static final class O200k {
    static final O200kBaseCount INSTANCE = O200kBaseCount.load();
  }

  /** jtokkit's cl100k_base, loaded once for the process, when first counted with. */
  private static final class Cl100k {
    static final Encoding INSTANCE = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }
}
