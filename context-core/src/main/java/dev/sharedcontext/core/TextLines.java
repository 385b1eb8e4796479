package dev.sharedcontext.core;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The line model of {@code x-text} (see {@link TextHunk}): split, apply, diff and invert line
 * edits of a string.
 */
final class TextLines {
  private TextLines() {}

  /** The lines of {@code s}, each ending after its {@code \n} (the last may have none). */
  static List<String> split(String s) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = s.length();
    while (start < n) {
      int nl = s.indexOf('\n', start);
      int end = nl < 0 ? n : nl + 1;
      lines.add(s.substring(start, end));
      start = end;
    }
    return lines;
  }

  /**
   * Where each line of {@code s} starts, plus {@code s.length()} as the end of the last: line
   * {@code i} is {@code s.substring(starts[i], starts[i + 1])}. Offsets rather than substrings,
   * because applying an edit to a large file must not copy every line of it twice.
   */
  static int[] lineStarts(String s) {
    int[] starts = new int[16];
    int count = 0;
    int start = 0;
    int n = s.length();
    while (start < n) {
      if (count + 2 > starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[count++] = start;
      int nl = s.indexOf('\n', start);
      start = nl < 0 ? n : nl + 1;
    }
    starts[count] = n;
    return Arrays.copyOf(starts, count + 1);
  }

  /**
   * Applies hunks that refer to lines of {@code s}.
   *
   * @throws TreeEditor.Failure if a hunk reaches past the last line
   */
  static String apply(String s, List<TextHunk> hunks) {
    int[] starts = lineStarts(s);
    int lines = starts.length - 1;
    StringBuilder out = new StringBuilder(s.length() + 64);
    int next = 0;
    for (TextHunk h : hunks) {
      if (h.line() > lines || h.line() + (long) h.deleteCount() > lines) {
        throw new TreeEditor.Failure("x-text hunk [" + h.line() + ", " + h.deleteCount()
            + "] reaches past the string's " + lines + " lines");
      }
      out.append(s, starts[next], starts[h.line()]).append(h.insert());
      next = h.line() + h.deleteCount();
    }
    out.append(s, starts[next], s.length());
    return out.toString();
  }

  /** Hunks that take {@code a} to {@code b}, by a line diff (Myers, java-diff-utils). */
  static List<TextHunk> diff(String a, String b) {
    return diff(split(a), split(b));
  }

  private static List<TextHunk> diff(List<String> a, List<String> b) {
    List<TextHunk> hunks = new ArrayList<>();
    for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
      hunks.add(new TextHunk(d.getSource().getPosition(), d.getSource().size(), String.join("", d.getTarget().getLines())));
    }
    return hunks;
  }

  /**
   * Hunks that take {@code after} (= {@code apply(before, hunks)}) back to {@code before}. When
   * every hunk's inserted text ends at a line boundary of {@code after}, the inverse follows from
   * line arithmetic alone; otherwise (inserted text that runs into a kept line) it is diffed.
   */
  static List<TextHunk> invert(String before, List<TextHunk> hunks, String after) {
    int[] starts = lineStarts(before);
    if (!keepsLineBoundaries(before, starts.length - 1, hunks)) {
      return diff(split(after), split(before));
    }
    List<TextHunk> inverse = new ArrayList<>(hunks.size());
    int shift = 0;
    for (TextHunk h : hunks) {
      int inserted = lineStarts(h.insert()).length - 1;
      String deleted = before.substring(starts[h.line()], starts[h.line() + h.deleteCount()]);
      inverse.add(new TextHunk(h.line() + shift, inserted, deleted));
      shift += inserted - h.deleteCount();
    }
    return inverse;
  }

  /**
   * True if, in the edited string, every inserted text occupies whole lines: it is empty, ends
   * with a line break, or nothing follows it; and it does not follow a kept last line that has
   * no line break.
   */
  private static boolean keepsLineBoundaries(String before, int n, List<TextHunk> hunks) {
    boolean lastUnterminated = n > 0 && before.charAt(before.length() - 1) != '\n';
    for (TextHunk h : hunks) {
      String ins = h.insert();
      if (ins.isEmpty()) {
        continue;
      }
      boolean reachesEnd = h.line() + h.deleteCount() == n;
      if (!ins.endsWith("\n") && !reachesEnd) {
        return false;
      }
      if (lastUnterminated && h.line() == n) {
        return false; // appended after a last line without a break: the two would merge
      }
    }
    return true;
  }

  /** About the JSON size of an {@code x-text} operation's hunks (what choosing it costs). */
  static long jsonSize(List<TextHunk> hunks) {
    long size = 16;
    for (TextHunk h : hunks) {
      size += 12 + jsonStringSize(h.insert());
    }
    return size;
  }

  /** About the JSON size of a string value: its length plus quotes and common escapes. */
  static long jsonStringSize(String s) {
    long size = 2 + s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        size++;
      }
    }
    return size;
  }
}
