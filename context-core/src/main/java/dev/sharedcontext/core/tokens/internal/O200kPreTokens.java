package dev.sharedcontext.core.tokens.internal;

/**
 * Splits text into the pre-tokens of the o200k_base encoding, which BPE then encodes one by one:
 * the same pieces as its regular expression, as jtokkit compiles it (with
 * {@code UNICODE_CHARACTER_CLASS}), finds them one after another:
 *
 * <pre>
 * [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * |\p{N}{1,3}
 * | ?[^\s\p{L}\p{N}]+[\r\n/]*
 * |\s*[\r\n]+
 * |\s+(?!\S)
 * |\s+
 * </pre>
 *
 * <p>Why by hand: the regular expression engine spends 40–70 ns a char on it, most of the time
 * of counting tokens (jtokkit splits cl100k_base by hand for the same reason, not o200k_base).
 * Each method below is one alternative, tried in the expression's order at the same place, with
 * the engine's backtracking worked out: the first alternative that matches wins, not the longest.
 * The tests compare the pieces with the expression's on the traces and on random text.
 */
final class O200kPreTokens {
  // Sets of general categories, as bit masks over Character.getType.
  private static final int MARKS = (1 << Character.NON_SPACING_MARK) | (1 << Character.ENCLOSING_MARK)
      | (1 << Character.COMBINING_SPACING_MARK);
  /** {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}. */
  private static final int UPPER_LIKE = (1 << Character.UPPERCASE_LETTER) | (1 << Character.TITLECASE_LETTER)
      | (1 << Character.MODIFIER_LETTER) | (1 << Character.OTHER_LETTER) | MARKS;
  /** {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}. */
  private static final int LOWER_LIKE = (1 << Character.LOWERCASE_LETTER) | (1 << Character.MODIFIER_LETTER)
      | (1 << Character.OTHER_LETTER) | MARKS;
  private static final int LETTERS = (1 << Character.UPPERCASE_LETTER) | (1 << Character.LOWERCASE_LETTER)
      | (1 << Character.TITLECASE_LETTER) | (1 << Character.MODIFIER_LETTER) | (1 << Character.OTHER_LETTER);
  private static final int NUMBERS = (1 << Character.DECIMAL_DIGIT_NUMBER) | (1 << Character.LETTER_NUMBER)
      | (1 << Character.OTHER_NUMBER);
  private static final int SEPARATORS = (1 << Character.SPACE_SEPARATOR) | (1 << Character.LINE_SEPARATOR)
      | (1 << Character.PARAGRAPH_SEPARATOR);

  private O200kPreTokens() {}

  /** Where the pre-token that starts at {@code pos} ends (exclusive); {@code pos < text.length()}. */
  static int end(String text, int pos) {
    int end = letters(text, pos, true);
    if (end < 0) {
      end = letters(text, pos, false);
    }
    if (end < 0) {
      end = digits(text, pos);
    }
    if (end < 0) {
      end = punctuation(text, pos);
    }
    if (end < 0) {
      end = lineBreaks(text, pos);
    }
    if (end < 0) {
      end = spaces(text, pos);
    }
    return end;
  }

  /**
   * The first two alternatives: an optional lead char, a run of letters, a contraction.
   * {@code lowerTail}: the first ({@code upper-like* lower-like+}), else the second
   * ({@code upper-like+ lower-like*}).
   */
  private static int letters(String s, int pos, boolean lowerTail) {
    int cp = s.codePointAt(pos);
    if (cp != '\r' && cp != '\n' && !is(cp, LETTERS | NUMBERS)) {
      // The optional lead char is taken first; without it, the run is tried where it stands.
      int end = lowerTail ? upperThenLower(s, pos + Character.charCount(cp)) : upperRun(s, pos + Character.charCount(cp));
      if (end >= 0) {
        return contraction(s, end);
      }
    }
    int end = lowerTail ? upperThenLower(s, pos) : upperRun(s, pos);
    return end < 0 ? -1 : contraction(s, end);
  }

  /** {@code upper-like* lower-like+} from {@code start}, greedy and backtracking; -1 if none. */
  private static int upperThenLower(String s, int start) {
    int runEnd = run(s, start, UPPER_LIKE);
    int end = run(s, runEnd, LOWER_LIKE);
    if (end > runEnd) {
      return end;
    }
    // The run gives back chars until one that the lower-like run can take: it takes only that
    // one, as every char after it in the run was given back for not being lower-like.
    int q = runEnd;
    while (q > start) {
      int cp = codePointBefore(s, q, start);
      q -= Character.charCount(cp);
      if (is(cp, LOWER_LIKE)) {
        return q + Character.charCount(cp);
      }
    }
    return -1;
  }

  /** {@code upper-like+ lower-like*} from {@code start}, both greedy; -1 if none. */
  private static int upperRun(String s, int start) {
    int end = run(s, start, UPPER_LIKE);
    return end == start ? -1 : run(s, end, LOWER_LIKE);
  }

  /** Where the run of code points of {@code categories} from {@code from} ends (greedy). */
  private static int run(String s, int from, int categories) {
    int n = s.length();
    int end = from;
    while (end < n) {
      int cp = s.codePointAt(end);
      if (!is(cp, categories)) {
        break;
      }
      end += Character.charCount(cp);
    }
    return end;
  }

  /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)?} at {@code end}: where the pre-token ends with it. */
  private static int contraction(String s, int end) {
    int n = s.length();
    if (end + 1 >= n || s.charAt(end) != '\'') {
      return end;
    }
    char a = s.charAt(end + 1);
    if (same(a, 's') || same(a, 't') || same(a, 'm') || same(a, 'd')) {
      return end + 2;
    }
    if (end + 2 < n) {
      char b = s.charAt(end + 2);
      if ((same(a, 'r') || same(a, 'v')) && same(b, 'e') || same(a, 'l') && same(b, 'l')) {
        return end + 3;
      }
    }
    return end;
  }

  /**
   * Whether {@code c} matches the lower-case ASCII letter {@code lower} case-insensitively, as the
   * expression's {@code (?i:...)} does under {@code UNICODE_CHARACTER_CLASS} (which implies
   * Unicode case): so the long s, U+017F, matches {@code s}.
   */
  private static boolean same(char c, char lower) {
    return c == lower || Character.toLowerCase(Character.toUpperCase(c)) == lower;
  }

  /** {@code \p{N}{1,3}}. */
  private static int digits(String s, int pos) {
    int n = s.length();
    int end = pos;
    for (int i = 0; i < 3 && end < n; i++) {
      int cp = s.codePointAt(end);
      if (!is(cp, NUMBERS)) {
        break;
      }
      end += Character.charCount(cp);
    }
    return end == pos ? -1 : end;
  }

  /** {@code  ?[^\s\p{L}\p{N}]+[\r\n/]*}. */
  private static int punctuation(String s, int pos) {
    if (s.charAt(pos) == ' ') {
      int end = symbols(s, pos + 1);
      if (end >= 0) {
        return end;
      }
    }
    return symbols(s, pos);
  }

  private static int symbols(String s, int start) {
    int n = s.length();
    int end = start;
    while (end < n) {
      int cp = s.codePointAt(end);
      if (isSpace(cp) || is(cp, LETTERS | NUMBERS)) {
        break;
      }
      end += Character.charCount(cp);
    }
    if (end == start) {
      return -1;
    }
    while (end < n) {
      char c = s.charAt(end);
      if (c != '\r' && c != '\n' && c != '/') {
        break;
      }
      end++;
    }
    return end;
  }

  /** {@code \s*[\r\n]+}: up to the last line break of the run of white space. */
  private static int lineBreaks(String s, int pos) {
    int n = s.length();
    int end = pos;
    int afterBreak = -1;
    while (end < n) {
      int cp = s.codePointAt(end);
      if (!isSpace(cp)) {
        break;
      }
      end += Character.charCount(cp);
      if (cp == '\r' || cp == '\n') {
        afterBreak = end;
      }
    }
    return afterBreak;
  }

  /**
   * {@code \s+(?!\S)}, else {@code \s+}: a run of white space, less its last char when a non-space
   * follows and the run has more than one (that char then leads the next pre-token).
   */
  private static int spaces(String s, int pos) {
    int n = s.length();
    int end = pos;
    int last = pos;
    while (end < n) {
      int cp = s.codePointAt(end);
      if (!isSpace(cp)) {
        break;
      }
      last = end;
      end += Character.charCount(cp);
    }
    if (end == pos) {
      // No alternative matches here; cannot happen (every char is a letter, number, space or
      // other), but never loop.
      return pos + Character.charCount(s.codePointAt(pos));
    }
    return end < n && last > pos ? last : end;
  }

  /**
   * The code point before {@code index}, not reaching before {@code start}: a pair split by
   * {@code start} is its low half alone, as the expression's engine sees it from there.
   */
  private static int codePointBefore(String s, int index, int start) {
    char low = s.charAt(index - 1);
    if (Character.isLowSurrogate(low) && index - 2 >= start && Character.isHighSurrogate(s.charAt(index - 2))) {
      return Character.toCodePoint(s.charAt(index - 2), low);
    }
    return low;
  }

  private static boolean is(int cp, int categories) {
    return ((categories >> Character.getType(cp)) & 1) != 0;
  }

  /** {@code \s} under {@code UNICODE_CHARACTER_CLASS}: the White_Space property. */
  static boolean isSpace(int cp) {
    return ((SEPARATORS >> Character.getType(cp)) & 1) != 0 || (cp >= 0x9 && cp <= 0xd) || cp == 0x85;
  }
}
