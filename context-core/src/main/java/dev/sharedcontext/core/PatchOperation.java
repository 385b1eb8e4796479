package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One operation of a {@link Patch}: the six of RFC 6902 plus {@code x-text}, a line-based edit
 * of a string value.
 *
 * <p>Values are copied on the way in and on the way out, so an operation is immutable.
 */
public sealed interface PatchOperation {

  /** The operation's name on the wire: {@code add}, {@code remove}, ..., {@code x-text}. */
  String op();

  /** The location the operation changes (or, for {@code test}, reads). */
  JsonPointer path();

  /** RFC 6902 §4.1: add a member, insert into an array (index or {@code -}), or replace the root. */
  record Add(JsonPointer path, JsonNode value) implements PatchOperation {
    public Add {
      Objects.requireNonNull(path, "path");
      value = Objects.requireNonNull(value, "value").deepCopy();
    }

    @Override
    public JsonNode value() {
      return value.deepCopy();
    }

    JsonNode valueNode() {
      return value;
    }

    @Override
    public String op() {
      return "add";
    }
  }

  /** RFC 6902 §4.2: remove the value at {@code path}, which must exist. */
  record Remove(JsonPointer path) implements PatchOperation {
    public Remove {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String op() {
      return "remove";
    }
  }

  /** RFC 6902 §4.3: replace the value at {@code path}, which must exist. */
  record Replace(JsonPointer path, JsonNode value) implements PatchOperation {
    public Replace {
      Objects.requireNonNull(path, "path");
      value = Objects.requireNonNull(value, "value").deepCopy();
    }

    @Override
    public JsonNode value() {
      return value.deepCopy();
    }

    JsonNode valueNode() {
      return value;
    }

    @Override
    public String op() {
      return "replace";
    }
  }

  /** RFC 6902 §4.4: remove the value at {@code from} and add it at {@code path}. */
  record Move(JsonPointer from, JsonPointer path) implements PatchOperation {
    public Move {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String op() {
      return "move";
    }
  }

  /** RFC 6902 §4.5: add a copy of the value at {@code from} at {@code path}. */
  record Copy(JsonPointer from, JsonPointer path) implements PatchOperation {
    public Copy {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String op() {
      return "copy";
    }
  }

  /** RFC 6902 §4.6: fail the whole patch unless the value at {@code path} equals {@code value}. */
  record Test(JsonPointer path, JsonNode value) implements PatchOperation {
    public Test {
      Objects.requireNonNull(path, "path");
      value = Objects.requireNonNull(value, "value").deepCopy();
    }

    @Override
    public JsonNode value() {
      return value.deepCopy();
    }

    JsonNode valueNode() {
      return value;
    }

    @Override
    public String op() {
      return "test";
    }
  }

  /**
   * The extension {@code x-text}: edit the string at {@code path} line by line. See
   * {@link TextHunk} for the hunk format. The value at {@code path} must be a string.
   */
  record TextEdit(JsonPointer path, List<TextHunk> hunks) implements PatchOperation {
    public TextEdit {
      Objects.requireNonNull(path, "path");
      hunks = List.copyOf(Objects.requireNonNull(hunks, "hunks"));
      if (hunks.isEmpty()) {
        throw new InvalidPatchException("x-text at " + path + " has no hunks");
      }
      int end = 0;
      for (int i = 0; i < hunks.size(); i++) {
        TextHunk h = hunks.get(i);
        if (i > 0 && h.line() < end) {
          throw new InvalidPatchException("x-text at " + path + ": hunks must be sorted and must not overlap (hunk "
              + i + " starts at line " + h.line() + ", before line " + end + ")");
        }
        end = h.line() + h.deleteCount();
      }
    }

    @Override
    public String op() {
      return "x-text";
    }
  }
}
