package dev.sharedcontext.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.tokens.internal.O200kBaseCount;
import dev.sharedcontext.core.tokens.internal.SegmentTokenCounter;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** Factories behind {@link TokenCounter}'s static methods. */
final class TokenCounters {
  private TokenCounters() {}

  static TokenCounter bpe(TokenEncoding encoding) {
    Objects.requireNonNull(encoding, "encoding");
    // Ordinary counting: a context may well contain "<|endoftext|>" as text, which must count
    // as text rather than fail (jtokkit's countTokens rejects special tokens).
    ToIntFunction<String> count = switch (encoding) {
      case O200K_BASE -> {
        // Split by hand (see O200kBaseCount), not by jtokkit's regular expression: same counts.
        yield text -> O200k.INSTANCE.applyAsInt(text);
      }
      case CL100K_BASE -> {
        Lazy<Encoding> cl100k = new Lazy<>(() -> Registry.INSTANCE.getEncoding(EncodingType.CL100K_BASE));
        yield text -> cl100k.get().countTokensOrdinary(text);
      }
    };
    return new SegmentTokenCounter(encoding.wireName(), count, SegmentTokenCounter.DEFAULT_MAX_CACHE_WEIGHT);
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
   * An encoding looked up on first use: loading one takes a few hundred milliseconds, which a
   * server (or a test) should not pay at start but only when it first counts.
   */
  private static final class Lazy<T> {
    private final Supplier<T> load;
    private volatile T value;

    Lazy(Supplier<T> load) {
      this.load = load;
    }

    T get() {
      T v = value;
      if (v == null) {
        v = load.get();
        value = v;
      }
      return v;
    }
  }

  /** The o200k_base ranks, loaded once for the process, when first counted with. */
  private static final class O200k {
    static final O200kBaseCount INSTANCE = O200kBaseCount.load();
  }

  /** One registry for the process: it loads each bundled encoding once, on first use. */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }
}
