package dev.sharedcontext.core.tokens.internal;

import com.knuddels.jtokkit.Encodings;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * The number of o200k_base tokens of a text, counted as ordinary text (special tokens' texts are
 * text): the same figure as jtokkit's {@code countTokensOrdinary}, from the ranks jtokkit bundles,
 * about five times faster. jtokkit splits o200k_base text with its regular expression, 40–70 ns a
 * char here, where its hand-written cl100k_base splitter takes 7–10; this splits by hand too
 * ({@link O200kPreTokens}) and merges with {@link BpeRanks}. Thread-safe.
 */
public final class O200kBaseCount implements ToIntFunction<String> {
  /** Where jtokkit bundles the encoding's ranks (jtokkit 1.1.0; a test fails if it moves). */
  static final String RANKS = "/com/knuddels/jtokkit/o200k_base.tiktoken";

  private final BpeRanks ranks;

  private O200kBaseCount(BpeRanks ranks) {
    this.ranks = ranks;
  }

  /** Loads the ranks (200,000 tokens; a few hundred milliseconds). */
  public static O200kBaseCount load() {
    return new O200kBaseCount(BpeRanks.load(Encodings.class, RANKS));
  }

  @Override
  public int applyAsInt(String text) {
    // One UTF-8 encoding of the whole text, walked alongside it: each pre-token's bytes are the
    // bytes of its chars, as jtokkit encodes each pre-token on its own (a lone surrogate is one
    // '?' byte either way, and no pre-token splits a pair).
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    boolean oneByteEach = utf8.length == text.length();
    int n = text.length();
    int count = 0;
    int pos = 0;
    int bytePos = 0;
    while (pos < n) {
      int end = O200kPreTokens.end(text, pos);
      int byteEnd = oneByteEach ? end : bytePos + utf8Length(text, pos, end);
      count += ranks.count(utf8, bytePos, byteEnd);
      pos = end;
      bytePos = byteEnd;
    }
    return count;
  }

  /** The UTF-8 length of {@code text[from, to)}, a lone surrogate taken as the one byte it is encoded as. */
  private static int utf8Length(String text, int from, int to) {
    int length = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        length += 1;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
