package dev.sharedcontext.core;

import java.util.Arrays;

/**
 * Where the lines of a string start ({@link TextLines}' line model: a line ends after its
 * {@code \n}, the last may have none), found only as far as they are asked for: an edit near the
 * top of a large file reads the file up to the edit, not to its end. Not thread-safe.
 */
final class LineIndex {
  private final String s;
  /** The starts found so far; once the scan has reached the end, the last is {@code s.length()}. */
  private int[] starts = new int[16];
  private int found = 1; // line 0 starts at 0, also in an empty string (where it is the end)
  private boolean complete;

  LineIndex(String s) {
    this.s = s;
    this.complete = s.isEmpty();
  }

  /**
   * Where line {@code line} starts; for {@code line == count()}, the string's length (the end of
   * the last line); -1 past that.
   */
  int start(int line) {
    while (line >= found && !complete) {
      findNext();
    }
    return line < found ? starts[line] : -1;
  }

  /** How many lines the string has (this reads it to the end). */
  int count() {
    while (!complete) {
      findNext();
    }
    return found - 1;
  }

  private void findNext() {
    int last = starts[found - 1];
    int nl = s.indexOf('\n', last);
    int next = nl < 0 ? s.length() : nl + 1;
    if (found == starts.length) {
      starts = Arrays.copyOf(starts, found * 2);
    }
    starts[found++] = next;
    complete = next == s.length();
  }
}
