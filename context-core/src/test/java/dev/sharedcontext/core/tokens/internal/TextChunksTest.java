package dev.sharedcontext.core.tokens.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.internal.Canonical;
import dev.sharedcontext.traces.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pieces of long strings: their counts add up exactly, and an edit leaves the others alone. */
class TextChunksTest {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** Every distinct file content of both real traces, as counted (canonical, quoted). */
  @ParameterizedTest
  @EnumSource(value = EncodingType.class, names = {"O200K_BASE", "CL100K_BASE"})
  void piecesOfEveryTraceFileAddUpToTheWholeCount(EncodingType type) {
    Encoding bpe = REGISTRY.getEncoding(type);
    Set<String> seen = new HashSet<>();
    int chunked = 0;
    for (String name : Trace.NAMES) {
      for (Trace.Version v : Trace.load(name).versions()) {
        for (String content : v.changed().values()) {
          if (content == null || !seen.add(content)) {
            continue;
          }
          String quoted = Canonical.quoted(content);
          List<String> pieces = TextChunks.split(quoted);
          assertThat(String.join("", pieces)).isEqualTo(quoted);
          if (pieces.size() > 1) {
            chunked++;
          }
          int sum = pieces.stream().mapToInt(bpe::countTokensOrdinary).sum();
          assertThat(sum).as("%s: %s", name, content.lines().findFirst().orElse("")).isEqualTo(bpe.countTokensOrdinary(quoted));
        }
      }
    }
    assertThat(chunked).as("long files are cut").isGreaterThan(500);
  }

  @Test
  void anEditChangesOnlyThePiecesAroundIt() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("line ").append(i).append(" holds some words and more words\\n");
    }
    String before = text.toString();
    String after = before.replace("line 200 holds", "line 200 now holds a longer run of words that");
    List<String> a = TextChunks.split(before);
    List<String> b = TextChunks.split(after);
    assertThat(a.size()).isGreaterThan(10);
    Set<String> common = new HashSet<>(a);
    common.retainAll(new HashSet<>(b));
    assertThat(b.size() - common.size()).as("new pieces after a one-line edit").isLessThanOrEqualTo(2);
  }

  @Test
  void shortTextsAndTextsWithoutPlacesToCutStayWhole() {
    assertThat(TextChunks.split("abc")).containsExactly("abc");
    String noSpaces = "x".repeat(5000);
    assertThat(TextChunks.split(noSpaces)).containsExactly(noSpaces);
  }

  /** The rolling window hash cuts exactly where hashing each window from scratch would. */
  @Test
  void cutsWhereTheWindowHashedFromScratchSays() {
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "ab Z \\n{}é漢😀\"";
    for (int t = 0; t < 300; t++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(3000);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = text.toString();
      assertThat(TextChunks.split(s)).isEqualTo(referenceSplit(s));
    }
  }

  /**
   * What lets an edited text take over the pieces after its change: from a cut on, the cuts depend
   * on the text from there only, not on what came before it.
   */
  @Test
  void cutsAfterACutDependOnlyOnTheTextFromThere() {
    assertThat(TextChunks.MIN_PIECE).isGreaterThanOrEqualTo(TextChunks.WINDOW);
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "ab Z \\n{}é漢😀\"";
    int compared = 0;
    for (int t = 0; t < 300; t++) {
      String s = randomText(random, alphabet, 200 + random.nextInt(2000));
      List<String> pieces = TextChunks.split(s);
      int cut = 0;
      for (int i = 0; i < pieces.size() - 1; i++) {
        cut += pieces.get(i).length();
        // Anything at all before the cut: the split from there is the same.
        String other = randomText(random, alphabet, random.nextInt(100)) + s.substring(cut);
        int at = other.length() - (s.length() - cut);
        List<String> rest = new ArrayList<>();
        int start = at;
        for (int next; (next = TextChunks.nextCut(other, start, start, other.length())) >= 0; start = next) {
          rest.add(other.substring(start, next));
        }
        rest.add(other.substring(start));
        assertThat(rest).isEqualTo(pieces.subList(i + 1, pieces.size()));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(300);
  }

  /** nextCut reads nothing from its limit on: a text that is wrong after it is cut alike before it. */
  @Test
  void nothingFromTheLimitOnIsRead() {
    SplittableRandom random = new SplittableRandom(5);
    for (int t = 0; t < 300; t++) {
      String s = randomText(random, "abc Zq \\n", 100 + random.nextInt(1500));
      int limit = random.nextInt(s.length() + 1);
      String garbled = s.substring(0, limit) + randomText(random, "xy Q", s.length() - limit);
      int start = 0;
      int cut;
      while ((cut = TextChunks.nextCut(s, start, start, limit)) >= 0) {
        assertThat(cut).isLessThan(limit);
        assertThat(TextChunks.nextCut(garbled, start, start, limit)).isEqualTo(cut);
        assertThat(TextChunks.nextCut(s, start, start, s.length())).isEqualTo(cut);
        start = cut;
      }
      assertThat(TextChunks.nextCut(garbled, start, start, limit)).isEqualTo(-1);
      // the next cut of the whole text, if any, is at or past the limit
      int next = TextChunks.nextCut(s, start, start, s.length());
      assertThat(next == -1 || next >= limit).isTrue();
    }
  }

  private static String randomText(SplittableRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static List<String> referenceSplit(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int p = TextChunks.WINDOW; p < text.length(); p++) {
      char before = text.charAt(p - 1);
      boolean letter = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
      if (text.charAt(p) == ' ' && letter && p - start >= TextChunks.MIN_PIECE) {
        int h = TextChunks.windowHash(text, p);
        h ^= h >>> 16;
        if ((h & TextChunks.CUT_MASK) == 0) {
          pieces.add(text.substring(start, p));
          start = p;
        }
      }
    }
    pieces.add(text.substring(start));
    return pieces;
  }
}
