package dev.sharedcontext.core;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
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
   * Applies hunks that refer to lines of {@code s}, reading {@code s}'s lines only up to the last
   * hunk (a {@link LineIndex}); the rest is copied as it is.
   *
   * @throws TreeEditor.Failure if a hunk reaches past the last line
   */
  static String apply(String s, List<TextHunk> hunks) {
    LineIndex lines = new LineIndex(s);
    StringBuilder out = new StringBuilder(s.length() + 64);
    int next = 0;
    for (TextHunk h : hunks) {
      long end = h.line() + (long) h.deleteCount();
      int from = lines.start(h.line());
      int to = end > Integer.MAX_VALUE ? -1 : lines.start((int) end);
      if (from < 0 || to < 0) {
        throw new TreeEditor.Failure("x-text hunk [" + h.line() + ", " + h.deleteCount()
            + "] reaches past the string's " + lines.count() + " lines");
      }
      out.append(s, next, from).append(h.insert());
      next = to;
    }
    out.append(s, next, s.length());
    return out.toString();
  }

  /** How many lines {@code s} has. */
  static int lineCount(String s) {
    return new LineIndex(s).count();
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
    LineIndex lines = new LineIndex(before);
    if (!keepsLineBoundaries(before, lines, hunks)) {
      return diff(split(after), split(before));
    }
    List<TextHunk> inverse = new ArrayList<>(hunks.size());
    int shift = 0;
    for (TextHunk h : hunks) {
      int inserted = lineCount(h.insert());
      String deleted = before.substring(lines.start(h.line()), lines.start(h.line() + h.deleteCount()));
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
  private static boolean keepsLineBoundaries(String before, LineIndex lines, List<TextHunk> hunks) {
    boolean lastUnterminated = !before.isEmpty() && before.charAt(before.length() - 1) != '\n';
    for (TextHunk h : hunks) {
      String ins = h.insert();
      if (ins.isEmpty()) {
        continue;
      }
      // A line number is the line count exactly where the line starts at the string's end.
      boolean reachesEnd = lines.start(h.line() + h.deleteCount()) == before.length();
      if (!ins.endsWith("\n") && !reachesEnd) {
        return false;
      }
      if (lastUnterminated && lines.start(h.line()) == before.length()) {
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
