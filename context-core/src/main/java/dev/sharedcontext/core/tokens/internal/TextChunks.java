package dev.sharedcontext.core.tokens.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long text into pieces whose BPE counts add up exactly to the whole text's count, so
 * that an edit of a large file re-tokenizes the piece it touched, not the file.
 *
 * <p>Why the sums are exact: tiktoken-style encodings first split a text into pre-tokens with a
 * regular expression and then encode each pre-token on its own. Both encodings used here
 * (o200k_base and cl100k_base) start a new pre-token at a space that follows an ASCII letter:
 * a letter only belongs to a word pre-token, which never takes a space in, and no other pattern
 * holds a letter. Cutting only there keeps every pre-token whole.
 *
 * <p>Which of those places are cut is decided by the {@value #WINDOW} characters before each
 * (content-defined, like rsync's rolling checksums), not by their distance from the last cut,
 * so an insertion shifts no cut after it: the pieces after an edit are the same strings as
 * before and their counts come from the cache.
 */
final class TextChunks {
  /** Texts shorter than this are counted whole. */
  static final int MIN_CHUNKED_LENGTH = 1024;
  /** Characters hashed to decide a cut. */
  static final int WINDOW = 24;
  /**
   * One candidate place in {@code CUT_MASK + 1} is cut: pieces of some 50 chars in code and prose
   * (a candidate every 5 or 6 chars), so an edited line re-tokenizes little more than itself:
   * BPE costs about 50 ns a char, and the cache's lookups are cheap beside it.
   */
  static final int CUT_MASK = 7;
  /**
   * No piece is shorter than this (bounds the number of cache entries of a pathological text). At
   * least {@link #WINDOW}, so that nothing before a cut decides a later cut (see {@link #nextCut}).
   */
  static final int MIN_PIECE = 32;

  private TextChunks() {}

  /** The pieces of {@code text}, in order; their concatenation is {@code text}. */
  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int cut; (cut = nextCut(text, start, start, text.length())) >= 0; start = cut) {
      pieces.add(text.substring(start, cut));
    }
    pieces.add(text.substring(start));
    return pieces;
  }

  /**
   * The first cut at a place before {@code limit} of the piece that starts at {@code start}, or -1
   * if there is none there. The caller vouches that no place from {@code start} to {@code from}
   * (exclusive) is cut; places before {@code start} do not matter.
   *
   * <p>Nothing before {@code start} matters because every place considered is at least
   * {@value #MIN_PIECE} chars past it, and {@value #MIN_PIECE} &ge; {@value #WINDOW}: its window
   * lies after {@code start}. So the split's whole state after a cut is the cut's place, and two
   * texts that agree from a cut on are cut alike from there on, which is what lets an edited text
   * reuse the pieces after its change (see {@link PieceLayout}).
   *
   * @param limit scan places below this: no char from {@code limit} on is read, so a caller may
   *     pass a text that is only right up to there
   */
  static int nextCut(String text, int start, int from, int limit) {
    int p = Math.max(from, Math.max(start + MIN_PIECE, WINDOW));
    limit = Math.min(limit, text.length());
    if (p >= limit) {
      return -1;
    }
    // h is the hash of the WINDOW chars before p: computed from scratch here, then rolled one char
    // at a time (int arithmetic wraps alike), at a constant cost per char.
    int h = windowHash(text, p);
    while (true) {
      if (text.charAt(p) == ' ' && isAsciiLetter(text.charAt(p - 1)) && cuts(h)) {
        return p;
      }
      if (++p >= limit) {
        return -1;
      }
      h = h * 31 + text.charAt(p - 1) - text.charAt(p - 1 - WINDOW) * POW_WINDOW;
    }
  }

  /** 31 to the power {@value #WINDOW}, wrapped to an int as the hash wraps. */
  private static final int POW_WINDOW = pow31(WINDOW);

  private static int pow31(int e) {
    int r = 1;
    for (int i = 0; i < e; i++) {
      r *= 31;
    }
    return r;
  }

  /** The hash of the {@value #WINDOW} chars before {@code p}. */
  static int windowHash(String text, int p) {
    int h = 0;
    for (int i = p - WINDOW; i < p; i++) {
      h = h * 31 + text.charAt(i);
    }
    return h;
  }

  /** Whether a candidate place whose window hashes to {@code h} is cut. */
  private static boolean cuts(int h) {
    h ^= h >>> 16;
    return (h & CUT_MASK) == 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
