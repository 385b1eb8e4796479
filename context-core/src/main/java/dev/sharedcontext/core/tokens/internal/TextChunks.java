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
  /** No piece is shorter than this (bounds the number of cache entries of a pathological text). */
  static final int MIN_PIECE = 32;

  private TextChunks() {}

  /** The pieces of {@code text}, in order; their concatenation is {@code text}. */
  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    int n = text.length();
    // h is the hash of the WINDOW chars before p, rolled one char at a time: the same value
    // windowHash computes from scratch (int arithmetic wraps alike), at a constant cost per char.
    int h = n > WINDOW ? windowHash(text, WINDOW) : 0;
    for (int p = WINDOW; p < n; p++) {
      if (p > WINDOW) {
        h = h * 31 + text.charAt(p - 1) - text.charAt(p - 1 - WINDOW) * POW_WINDOW;
      }
      if (text.charAt(p) == ' ' && isAsciiLetter(text.charAt(p - 1)) && p - start >= MIN_PIECE && cuts(h)) {
        pieces.add(text.substring(start, p));
        start = p;
      }
    }
    pieces.add(text.substring(start));
    return pieces;
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
