package dev.sharedcontext.core.tokens.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.traces.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-made split and merge against the reference: the o200k_base expression (tiktoken's,
 * compiled as jtokkit compiles it) for the pre-tokens, and jtokkit's own count for the tokens, on
 * every file text of the traces and on random text made to meet every branch of the expression.
 */
class O200kBaseCountTest {
  /** tiktoken's o200k_base pattern, as jtokkit 1.1.0 joins and compiles it. */
  private static final Pattern O200K_PATTERN = Pattern.compile(String.join("|",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "\\p{N}{1,3}",
      " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
      "\\s*[\\r\\n]+",
      "\\s+(?!\\S)",
      "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);
  private static final Encoding JTOKKIT = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private static final O200kBaseCount COUNT = O200kBaseCount.load();

  static List<String> traces() {
    return Trace.NAMES;
  }

  /** The file texts of the first version and of every fifth after it (every version takes 15 s). */
  @ParameterizedTest
  @MethodSource("traces")
  void theFilesOfTheTracesCountAsJtokkitCountsThem(String name) {
    Set<String> seen = new HashSet<>();
    long chars = 0;
    for (Trace.Version v : Trace.load(name).versions()) {
      if (v.version() % 5 != 0) {
        continue;
      }
      for (String text : v.changed().values()) {
        if (text != null && seen.add(text)) {
          assertSame(text);
          chars += text.length();
        }
      }
    }
    assertThat(chars).as("chars compared").isGreaterThan(1_000_000);
  }

  /**
   * Random text from pieces chosen to meet the expression's branches: letters of every case
   * category, marks, numbers of every kind, contractions in both cases (and the long s, which
   * matches {@code s} case-insensitively), white space of every kind with and without line
   * breaks, slashes after symbols, surrogate pairs, lone surrogates, and long runs (merged by the
   * heap rather than the scan).
   */
  @Test
  void randomTextSplitsAndCountsAsTheReference() {
    SplittableRandom random = new SplittableRandom(20261127L);
    for (int i = 0; i < 6_000; i++) {
      assertSame(randomText(random, 1 + random.nextInt(i < 5_000 ? 40 : 400)));
    }
  }

  @Test
  void edgeCases() {
    for (String text : List.of("", "a", " ", "\n", "\r\n", "'s", "don't", "DON'T", "HELLO world", "Hello", "x'ſ",
        "\u0301", "\u0301!", "a\u0301b", " \u0301", "  \u0301x", "123456", "\u00bd\u2167\u0663", "   x", "  \n  ",
        " \n x", "a\u00a0b", "\u3000\u3000x", "\u2028", "//\n\n", ";\r\n/", "x".repeat(5000), " ".repeat(3000),
        "\ud835\udc00\ud835\udc1a", "\ud800", "\udc00a", "a\ud800b", "\uD83D\uDE00\uD83D\uDE00", "<|endoftext|>",
        "\u01c5ab", "\u02b0\u02b0", "A\u02b0", "\u1f88x", "ǅǅ", "Ⅻx", "ǈ'LL")) {
      assertSame(text);
    }
  }

  @Test
  void theRanksAreWhereJtokkitBundlesThem() {
    assertThat(Encodings.class.getResource(O200kBaseCount.RANKS)).isNotNull();
  }

  private static void assertSame(String text) {
    assertThat(split(text)).as("pre-tokens of %s", quote(text)).isEqualTo(reference(text));
    assertThat(COUNT.applyAsInt(text)).as("tokens of %s", quote(text)).isEqualTo(JTOKKIT.countTokensOrdinary(text));
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (int pos = 0; pos < text.length(); ) {
      int end = O200kPreTokens.end(text, pos);
      out.add(text.substring(pos, end));
      pos = end;
    }
    return out;
  }

  private static List<String> reference(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = O200K_PATTERN.matcher(text);
    int last = 0;
    while (m.find()) {
      assertThat(m.start()).as("the expression skips nothing in %s", quote(text)).isEqualTo(last);
      out.add(m.group());
      last = m.end();
    }
    assertThat(last).isEqualTo(text.length());
    return out;
  }

  private static final String[] PIECES = {
    "a", "z", "Q", "Z", "é", "É", "ß", "ǅ", "ʰ", "ˆ", "中", "あ", "\u0301", "\u0903", "\u20dd", "1", "9", "٣", "²",
    "½", "Ⅻ", "'", "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'ve", "'m", "'ll", "'LL", "'d", "'ſ", "'x",
    " ", " ", " ", "\t", "\n", "\r", "\r\n", "\u000b", "\f", "\u0085", "\u00a0", "\u2003", "\u3000", "\u2028",
    "\u2029", "\u200b", "\u180e", "\u001c", ".", ",", ";", "/", "//", "(", ")", "{", "}", "-", "_", "#", "@", "$",
    "€", "©", "\ud83d\ude00", "\ud835\udc00", "\ud835\udc1a", "\ud800", "\udc00", "\u0000", "\u007f", "<|endoftext|>",
    // Where a category and the like-named property differ (the expression means the category):
    // ª º are Lo but Lowercase, ⓐ Ⓐ are So but Lowercase / Uppercase, U+0345 is Mn but Lowercase.
    "ª", "º", "ⓐ", "Ⓐ", "\u0345", "①", "\ud835\udfd9", "\u00ad", "\ufeff", "\ue000", "\u0378",
  };

  private static String randomText(SplittableRandom random, int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      int kind = random.nextInt(20);
      if (kind == 0) {
        String p = PIECES[random.nextInt(PIECES.length)];
        sb.append(p.repeat(1 + random.nextInt(200))); // long runs: the heap merge
      } else if (kind < 4) {
        sb.append(randomWord(random));
      } else {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return sb.toString();
  }

  private static String randomWord(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(4);
      sb.append((char) (c == 0 ? 'A' + random.nextInt(26) : c == 1 ? 'a' + random.nextInt(26)
          : c == 2 ? 0x00c0 + random.nextInt(0x17f - 0xc0) : 0x0400 + random.nextInt(0x100)));
    }
    return sb.toString();
  }

  private static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    int limit = Math.min(text.length(), 200);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.append(text.length() > limit ? "...\"" : "\"").toString();
  }
}
