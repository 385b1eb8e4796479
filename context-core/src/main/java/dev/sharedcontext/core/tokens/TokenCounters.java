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
    LazyEncoding bpe = new LazyEncoding(switch (encoding) {
      case O200K_BASE -> EncodingType.O200K_BASE;
      case CL100K_BASE -> EncodingType.CL100K_BASE;
    });
    // Ordinary counting: a context may well contain "<|endoftext|>" as text, which must count
    // as text rather than fail (jtokkit's countTokens rejects special tokens).
    return new SegmentTokenCounter(encoding.wireName(), text -> bpe.get().countTokensOrdinary(text),
        SegmentTokenCounter.DEFAULT_MAX_CACHE_WEIGHT);
  }

  static TokenCounter shared() {
    return Shared.INSTANCE;
  }

  /** Made on first use: loading the encoding and filling a cache cost time and memory, so once. */
  private static final class Shared {
    static final TokenCounter INSTANCE = bpe(TokenEncoding.DEFAULT);
  }

  static TokenCounter estimator() {
    return SegmentTokenCounter.estimator();
  }

  /**
   * An encoding loaded on first use: loading o200k_base takes most of a second, which a server
   * (or a test) should not pay at start but only when it first counts.
   */
  private static final class LazyEncoding {
    private final EncodingType type;
    private volatile Encoding encoding;

    LazyEncoding(EncodingType type) {
      this.type = type;
    }

    Encoding get() {
      Encoding e = encoding;
      if (e == null) {
        e = Registry.INSTANCE.getEncoding(type); // the registry loads each encoding once
        encoding = e;
      }
      return e;
    }
  }

  /** One registry for the process: it loads each bundled encoding once, on first use. */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }
}
