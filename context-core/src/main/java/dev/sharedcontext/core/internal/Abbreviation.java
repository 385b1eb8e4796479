package dev.sharedcontext.core.internal;

/**
 * Shortening a string for a summary or a message without splitting a surrogate pair: a cut
 * between the two halves would leave a lone one, which a document refuses and which no UTF-8
 * encoder can write as itself.
 */
public final class Abbreviation {
  private Abbreviation() {}

  /**
   * {@code s} if it has at most {@code max} chars, else its first {@code keep} chars (one fewer
   * when the last of them opens a surrogate pair) followed by {@code mark}.
   */
  public static String of(String s, int max, int keep, String mark) {
    if (s.length() <= max) {
      return s;
    }
    int end = keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1)) ? keep - 1 : keep;
    return s.substring(0, end) + mark;
  }
}
