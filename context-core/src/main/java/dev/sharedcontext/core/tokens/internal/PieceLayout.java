package dev.sharedcontext.core.tokens.internal;

import dev.sharedcontext.core.internal.Canonical;
import dev.sharedcontext.core.internal.CommonAffixes;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A long string's count together with its pieces (see {@link TextChunks}): where each piece
 * starts and what it counts. It is the string's cache entry, so that the next version of the
 * string (a file after an edit) is counted from it: the pieces before and after the change are
 * taken over with their counts, and only the pieces around the change are cut and counted again.
 *
 * <p>Places are offsets in the string itself, not in its quoted canonical text (which is what is
 * cut and counted): two versions are compared as they are, and only the changed region is quoted,
 * since quoting a whole 4 KB file costs more than everything else an edit needs. This works
 * because every cut is at a space after a letter, which the canonical form writes as themselves:
 * the quoted text from a cut on is the quoted text of that part of the string alone.
 *
 * <p>Immutable and thread-safe.
 */
final class PieceLayout {
  /**
   * Pieces of the old version past the change that the rescan quotes at first; if no cut of the
   * new version meets an old one within them, it quotes twice as many, and so on to the end.
   */
  private static final int LOOKAHEAD_PIECES = 4;

  private final int total;
  /**
   * Where each piece starts in the string: 0 for the first, which begins with the opening quote,
   * and for the others the offset of the space it begins with. Ascending.
   */
  private final int[] starts;
  private final int[] counts;

  private PieceLayout(int total, int[] starts, int[] counts) {
    this.total = total;
    this.starts = starts;
    this.counts = counts;
  }

  /** The string's count: the sum of its pieces' counts. */
  int total() {
    return total;
  }

  int pieces() {
    return starts.length;
  }

  /** Where piece {@code i} starts in the string (0 for the first). */
  int start(int i) {
    return starts[i];
  }

  /**
   * The memory of the two arrays, in the cache's weight units (a unit is a UTF-16 char, 2 bytes):
   * 8 bytes a piece and two array headers.
   */
  int weight() {
    return 4 * starts.length + 16;
  }

  /**
   * The layout of a string whose canonical text is {@code quoted}, every piece counted by
   * {@code pieceCount}.
   */
  static PieceLayout of(String quoted, ToIntFunction<String> pieceCount) {
    List<String> pieces = TextChunks.split(quoted);
    Builder out = new Builder(pieces.size());
    Offsets offsets = new Offsets(quoted, 0);
    int place = 0;
    for (String piece : pieces) {
      out.add(place == 0 ? 0 : offsets.at(place), pieceCount.applyAsInt(piece));
      place += piece.length();
    }
    return out.build();
  }

  /**
   * The layout of {@code value}, given that this is the layout of {@code previous}: the same as
   * {@link #of} of its canonical text, but only the pieces around the change are counted by
   * {@code pieceCount}.
   *
   * <p>The pieces before the last cut inside the common prefix are the old ones, since every cut
   * there is decided by chars of the prefix. From that cut the text is split again until a new cut
   * falls, past the change, where an old cut falls (shifted by the change in length): the split
   * then starts at the same place of the same text as the old one did, so every later piece is an
   * old piece with its old count ({@link TextChunks#nextCut}). If that never happens, the rescan
   * runs to the end, which is still exact.
   */
  PieceLayout edited(String previous, String value, ToIntFunction<String> pieceCount) {
    int common = Math.min(previous.length(), value.length());
    int prefix = CommonAffixes.prefix(previous, value);
    int suffix = CommonAffixes.suffix(previous, value, common - prefix);
    int shift = value.length() - previous.length();
    int changeEnd = value.length() - suffix; // value from here on is previous from changeEnd - shift on
    int m = starts.length;

    // Strictly inside the prefix: the cut's own space must be unchanged too. The first piece
    // always qualifies, as the split begins there.
    int first = Math.max(0, insertionPoint(prefix) - 1);
    int firstSame = Math.max(first + 1, insertionPoint(previous.length() - suffix));
    Builder out = new Builder(m + 4);
    out.copy(this, 0, first, 0);

    int from = starts[first];
    int end = Math.min(m, firstSame + LOOKAHEAD_PIECES);
    String text = quote(value, from, end, shift);
    // The first piece begins with the opening quote, which text begins with too; any other piece
    // begins with its space, after the quote that quoting the region adds.
    int pieceStart = first == 0 ? 0 : 1;
    int pieceOffset = from;
    int scanFrom = pieceStart;
    Offsets offsets = new Offsets(text, from);
    int old = firstSame;
    while (true) {
      // Unless the region runs to the string's end, its closing quote is not the string's.
      int limit = end == m ? text.length() : text.length() - 1;
      int cut = TextChunks.nextCut(text, pieceStart, scanFrom, limit);
      if (cut < 0) {
        if (end == m) {
          out.add(pieceOffset, pieceCount.applyAsInt(text.substring(pieceStart)));
          return out.build();
        }
        scanFrom = limit;
        end = Math.min(m, end + Math.max(LOOKAHEAD_PIECES, end - firstSame));
        text = quote(value, from, end, shift); // the same text up to limit, and more
        offsets.extend(text);
        continue;
      }
      out.add(pieceOffset, pieceCount.applyAsInt(text.substring(pieceStart, cut)));
      pieceStart = cut;
      scanFrom = cut;
      pieceOffset = offsets.at(cut);
      if (pieceOffset >= changeEnd) {
        while (old < m && starts[old] + shift < pieceOffset) {
          old++;
        }
        if (old < m && starts[old] + shift == pieceOffset) {
          out.copy(this, old, m, shift);
          return out.build();
        }
      }
    }
  }

  /** Equal layouts: the same pieces at the same places with the same counts. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PieceLayout l && total == l.total && Arrays.equals(starts, l.starts)
        && Arrays.equals(counts, l.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "PieceLayout[total=" + total + ", starts=" + Arrays.toString(starts) + ", counts="
        + Arrays.toString(counts) + "]";
  }

  /** The index of the first piece that starts at or after {@code offset}. */
  private int insertionPoint(int offset) {
    int i = Arrays.binarySearch(starts, offset);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * The canonical text of {@code value} from {@code from} to where old piece {@code end} starts
   * in it (its end if there is no such piece), quoted as a string of its own. Both ends are cuts
   * (or the string's ends), so this is the string's canonical text there between two quotes.
   */
  private String quote(String value, int from, int end, int shift) {
    int to = end == starts.length ? value.length() : starts[end] + shift;
    return Canonical.quoted(value.substring(from, to));
  }

  /**
   * Maps places in a quoted text, moving forward, to offsets in the string it quotes: each char of
   * the text stands for one char of the string, except an escape, which is JSON's: a backslash
   * and one char, or a backslash, {@code u} and four hex digits; it stands for one. No cut is
   * inside an escape.
   */
  private static final class Offsets {
    private String text;
    private int place = 1; // the char after the opening quote ...
    private int offset; // ... is this char of the string
    private int nextEscape;

    Offsets(String text, int offset) {
      this.text = text;
      this.offset = offset;
      this.nextEscape = text.indexOf('\\', place);
    }

    /** The offset of {@code place}, which is not before the last one asked for. */
    int at(int place) {
      int result = offset + (place - this.place);
      while (nextEscape >= 0 && nextEscape < place) {
        int length = text.charAt(nextEscape + 1) == 'u' ? 6 : 2;
        result -= length - 1;
        nextEscape = text.indexOf('\\', nextEscape + length);
      }
      this.place = place;
      this.offset = result;
      return result;
    }

    /** Goes on over {@code longer}, which is the text so far and more. */
    void extend(String longer) {
      text = longer;
      nextEscape = text.indexOf('\\', place);
    }
  }

  /** Collects pieces in order. */
  private static final class Builder {
    private int[] starts;
    private int[] counts;
    private int size;
    private long total;

    Builder(int capacity) {
      starts = new int[Math.max(capacity, 1)];
      counts = new int[starts.length];
    }

    void add(int start, int count) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, 2 * size);
        counts = Arrays.copyOf(counts, 2 * size);
      }
      starts[size] = start;
      counts[size] = count;
      size++;
      total += count;
    }

    /** Pieces {@code from} to {@code to} (exclusive) of {@code layout}, moved by {@code shift}. */
    void copy(PieceLayout layout, int from, int to, int shift) {
      for (int i = from; i < to; i++) {
        add(layout.starts[i] + shift, layout.counts[i]);
      }
    }

    PieceLayout build() {
      return new PieceLayout(Math.toIntExact(total), Arrays.copyOf(starts, size), Arrays.copyOf(counts, size));
    }
  }
}
