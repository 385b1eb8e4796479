package dev.sharedcontext.core.tokens.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.internal.Canonical;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * A layout counted from the previous version's ({@link PieceLayout#edited}) is the layout counted
 * from scratch ({@link PieceLayout#of}): the same pieces at the same places with the same counts,
 * for any text and any edit.
 */
class PieceLayoutTest {
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  /** Fragments of texts: words and spaces (the places cut), escapes, non-ASCII, no spaces at all. */
  private static final String[] FRAGMENTS = {"word", "the", "x", "Count", "z", " ", " ", " ", "  ", "\n", "\n    ",
      "\t", "\"", "\\", "\u0001", "\u001f", "é", "東京", "😀", "\u2028", "0", "42", "(", ");", "{", "}", ".", ",",
      "a\"b", "<|endoftext|>"};

  /** A piece count that tells pieces apart, so a piece cut at a wrong place shows in the total too. */
  private static final ToIntFunction<String> FINGERPRINT = piece -> (piece.hashCode() & 0xfff) + piece.length();

  private static String text(SplittableRandom random, int length) {
    StringBuilder s = new StringBuilder(length + 16);
    int style = random.nextInt(5);
    while (s.length() < length) {
      s.append(switch (style) {
        case 0 -> FRAGMENTS[random.nextInt(FRAGMENTS.length)]; // anything
        case 1 -> random.nextInt(8) == 0 ? "\n    " : random.nextBoolean() ? "word " : "and more "; // code-like
        case 2 -> random.nextInt(3) == 0 ? "é " : random.nextBoolean() ? "漢字 " : "mot "; // prose, non-ASCII
        // A place to cut every other char: after an edit the cuts may take many pieces to meet the old ones again.
        case 3 -> (char) ('a' + random.nextInt(26)) + " ";
        default -> random.nextInt(50) == 0 ? " " : "x"; // few places to cut
      });
    }
    return s.substring(0, length);
  }

  /** {@code s} with one random edit: an insertion, deletion or replacement, anywhere or near a cut. */
  private static String edit(SplittableRandom random, String s, PieceLayout layout) {
    if (layout.pieces() > 1 && random.nextInt(6) == 0) {
      return aroundAKeptCut(random, s, layout.start(1 + random.nextInt(layout.pieces() - 1)));
    }
    int at = switch (random.nextInt(5)) {
      case 0 -> random.nextInt(Math.min(s.length(), 10) + 1); // at the start
      case 1 -> s.length() - random.nextInt(Math.min(s.length(), 10) + 1); // at the end
      case 2, 3 -> { // around a cut: the letter before its space, the space, the window after it
        int cut = layout.start(random.nextInt(layout.pieces()));
        yield Math.max(0, Math.min(s.length(), cut - 3 + random.nextInt(TextChunks.WINDOW + 8)));
      }
      default -> random.nextInt(s.length() + 1);
    };
    int removed = random.nextInt(4) == 0 ? 0 : Math.min(s.length() - at, random.nextInt(random.nextInt(10) == 0 ? 600 : 40));
    String inserted = switch (random.nextInt(6)) {
      case 0 -> ""; // a deletion (or nothing at all)
      case 1 -> " "; // a new candidate place...
      case 2 -> "1"; // ...or one gone (a digit before a space is no letter)
      case 3 -> text(random, random.nextInt(10) == 0 ? 700 : random.nextInt(60));
      default -> text(random, random.nextInt(12));
    };
    return s.substring(0, at) + inserted + s.substring(at + removed);
  }

  /**
   * {@code s} changed on both sides of the cut at {@code cut}, which keeps its space and a letter
   * before it, and so may stay a cut: the pieces from it on are still not the old ones.
   */
  private static String aroundAKeptCut(SplittableRandom random, String s, int cut) {
    String before = random.nextInt(3) == 0 ? "" : String.valueOf((char) ('a' + random.nextInt(26)));
    int after = Math.min(s.length(), cut + 1 + random.nextInt(3));
    String changed = after < s.length() ? String.valueOf((char) (s.charAt(after) == 'q' ? 'Q' : 'q')) : "";
    String inserted = random.nextBoolean() ? "" : "zz";
    return s.substring(0, cut - 1) + inserted + before + (char) ('a' + random.nextInt(26)) + s.substring(cut, after)
        + changed + s.substring(Math.min(s.length(), after + 1));
  }

  private static PieceLayout scratch(String s, ToIntFunction<String> pieceCount) {
    return PieceLayout.of(Canonical.quoted(s), pieceCount);
  }

  @Test
  void anEditedLayoutIsTheLayoutCountedFromScratch() {
    SplittableRandom random = new SplittableRandom(20240612L);
    for (int t = 0; t < 600; t++) {
      int length = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(100); // short: one piece
        case 1 -> random.nextInt(1500);
        default -> 1000 + random.nextInt(6000);
      };
      String s = text(random, length);
      PieceLayout layout = scratch(s, FINGERPRINT);
      // A run of edits, each counted from the layout the one before produced: no error may pile up.
      for (int e = 0; e < 12; e++) {
        String next = edit(random, s, layout);
        PieceLayout edited = layout.edited(s, next, FINGERPRINT);
        assertThat(edited).as("text %d, edit %d", t, e).isEqualTo(scratch(next, FINGERPRINT));
        s = next;
        layout = edited;
      }
    }
  }

  @Test
  void anEditedLayoutCountsExactlyWhatTheWholeTextCounts() {
    SplittableRandom random = new SplittableRandom(99L);
    for (int t = 0; t < 60; t++) {
      String s = text(random, 1000 + random.nextInt(4000));
      PieceLayout layout = scratch(s, O200K::countTokensOrdinary);
      for (int e = 0; e < 5; e++) {
        String next = edit(random, s, layout);
        PieceLayout edited = layout.edited(s, next, O200K::countTokensOrdinary);
        String quoted = Canonical.quoted(next);
        assertThat(edited.total()).as("text %d, edit %d", t, e).isEqualTo(O200K.countTokensOrdinary(quoted))
            .isEqualTo(TextChunks.split(quoted).stream().mapToInt(O200K::countTokensOrdinary).sum());
        s = next;
        layout = edited;
      }
    }
  }

  @Test
  void identicalAndUnrelatedTextsToo() {
    SplittableRandom random = new SplittableRandom(3L);
    for (int t = 0; t < 50; t++) {
      String s = text(random, random.nextInt(5000));
      String other = text(random, random.nextInt(5000));
      PieceLayout layout = scratch(s, FINGERPRINT);
      assertThat(layout.edited(s, new String(s), FINGERPRINT)).isEqualTo(layout);
      assertThat(layout.edited(s, other, FINGERPRINT)).isEqualTo(scratch(other, FINGERPRINT));
      assertThat(layout.edited(s, "", FINGERPRINT)).isEqualTo(scratch("", FINGERPRINT));
      assertThat(scratch("", FINGERPRINT).edited("", s, FINGERPRINT)).isEqualTo(layout);
    }
  }

  /** A one-line edit of a 4 KB file counts the pieces around the line, not the file's. */
  @Test
  void aOneLineEditCountsAFewPieces() {
    StringBuilder file = new StringBuilder();
    for (int i = 0; file.length() < 4096; i++) {
      file.append("    final int value").append(i).append(" = next value from the store at index ").append(i)
          .append(";\n");
    }
    String s = file.toString();
    PieceLayout layout = scratch(s, FINGERPRINT);
    assertThat(layout.pieces()).isGreaterThan(40);
    int line = s.indexOf("    final int value40 =");
    String next = s.substring(0, line) + "    long edited = 1; // changed\n" + s.substring(line);
    AtomicInteger counted = new AtomicInteger();
    AtomicInteger chars = new AtomicInteger();
    PieceLayout edited = layout.edited(s, next, piece -> {
      counted.incrementAndGet();
      chars.addAndGet(piece.length());
      return FINGERPRINT.applyAsInt(piece);
    });
    assertThat(edited).isEqualTo(scratch(next, FINGERPRINT));
    assertThat(counted.get()).as("pieces counted of %d", edited.pieces()).isBetween(1, 4);
    assertThat(chars.get()).as("chars counted").isLessThan(next.length() / 8);
  }
}
