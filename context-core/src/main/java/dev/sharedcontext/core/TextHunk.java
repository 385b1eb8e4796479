package dev.sharedcontext.core;

import java.util.Objects;

/**
 * One hunk of an {@code x-text} edit: replace {@code deleteCount} lines of the original string,
 * starting at zero-based line {@code line}, with the text {@code insert}.
 *
 * <p>Lines are the pieces of a string split <em>after</em> each {@code \n}; every line keeps its
 * terminator ({@code \r\n} stays intact, the last line may have none), so the concatenation of
 * the lines is exactly the string. {@code insert} is the exact text of the inserted lines,
 * terminators included, and is empty for a pure deletion. The deleted lines' text is not
 * carried: the receiver holds the original, and the version hash verifies the result.
 *
 * <p>Wire form: the array {@code [line, deleteCount, insert]}, e.g. {@code [12, 1, "new line\n"]}.
 * The hunks of one {@code x-text} operation are sorted by {@code line}, do not overlap, and all
 * refer to lines of the original string (not of the partly edited one).
 */
public record TextHunk(int line, int deleteCount, String insert) {

  public TextHunk {
    if (line < 0) {
      throw new InvalidPatchException("x-text hunk line must not be negative: " + line);
    }
    if (deleteCount < 0) {
      throw new InvalidPatchException("x-text hunk deleteCount must not be negative: " + deleteCount);
    }
    Objects.requireNonNull(insert, "insert");
    if (deleteCount == 0 && insert.isEmpty()) {
      throw new InvalidPatchException("x-text hunk at line " + line + " neither deletes nor inserts");
    }
  }
}
