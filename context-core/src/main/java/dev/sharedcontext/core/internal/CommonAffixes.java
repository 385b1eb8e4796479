package dev.sharedcontext.core.internal;

import java.util.Arrays;

/**
 * How long two strings agree from their start, and from their end: where an edited string
 * differs from its previous version. Compared a block at a time ({@link String#getChars} into
 * two small arrays, then {@link Arrays#mismatch}), both of which the JIT turns into vector
 * instructions; a {@code charAt} loop took several times as long on a 38 KB file. Used where
 * an edited string is counted (its token pieces) and encoded (its canonical bytes) from its
 * previous version.
 */
public final class CommonAffixes {
  private static final int BLOCK = 512;

  private CommonAffixes() {}

  /** The length of the longest common prefix of {@code a} and {@code b}. */
  public static int prefix(String a, String b) {
    int common = Math.min(a.length(), b.length());
    if (common < BLOCK) {
      int i = 0;
      while (i < common && a.charAt(i) == b.charAt(i)) {
        i++;
      }
      return i;
    }
    char[] x = new char[BLOCK];
    char[] y = new char[BLOCK];
    for (int from = 0; from < common; from += BLOCK) {
      int n = Math.min(BLOCK, common - from);
      a.getChars(from, from + n, x, 0);
      b.getChars(from, from + n, y, 0);
      int at = Arrays.mismatch(x, 0, n, y, 0, n);
      if (at >= 0) {
        return from + at;
      }
    }
    return common;
  }

  /**
   * The length of the longest common suffix of {@code a} and {@code b}, at most {@code max}
   * (which keeps it from overlapping a common prefix already found).
   */
  public static int suffix(String a, String b, int max) {
    int limit = Math.min(max, Math.min(a.length(), b.length()));
    int aEnd = a.length();
    int bEnd = b.length();
    if (limit < BLOCK) {
      int i = 0;
      while (i < limit && a.charAt(aEnd - 1 - i) == b.charAt(bEnd - 1 - i)) {
        i++;
      }
      return i;
    }
    char[] x = new char[BLOCK];
    char[] y = new char[BLOCK];
    for (int done = 0; done < limit; done += BLOCK) {
      int n = Math.min(BLOCK, limit - done);
      a.getChars(aEnd - done - n, aEnd - done, x, 0);
      b.getChars(bEnd - done - n, bEnd - done, y, 0);
      if (!Arrays.equals(x, 0, n, y, 0, n)) {
        int i = n - 1;
        while (x[i] == y[i]) {
          i--;
        }
        return done + (n - 1 - i);
      }
    }
    return limit;
  }
}
