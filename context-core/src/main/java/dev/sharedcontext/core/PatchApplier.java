package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.internal.InternalAccess;
import java.util.List;

/**
 * Atomic application of patches (RFC 6902 §4 and {@code x-text}). Works on a copy-on-write
 * {@link TreeEditor}, so a failing operation leaves the input document as it was.
 */
final class PatchApplier {
  private PatchApplier() {}

  static ContextDocument apply(Patch patch, ContextDocument document) {
    if (patch.isEmpty()) {
      return document;
    }
    TreeEditor editor = new TreeEditor(InternalAccess.tree(document));
    List<PatchOperation> ops = patch.operations();
    for (int i = 0; i < ops.size(); i++) {
      PatchOperation op = ops.get(i);
      try {
        applyOne(editor, op);
      } catch (TreeEditor.Failure f) {
        throw new PatchFailedException(i, op.path().toString(), f.getMessage());
      } catch (InvalidInputException e) {
        // A value built in code (not parsed) that the canonical form cannot hold.
        throw new PatchFailedException(i, op.path().toString(), e.getMessage());
      }
    }
    return ContextDocument.derive(editor.root(), document, editor.textEdits());
  }

  /** Applies one operation; shared with {@link PatchInverter}, which records what it did. */
  static void applyOne(TreeEditor editor, PatchOperation op) {
    if (op instanceof PatchOperation.Add a) {
      Json.validate(a.valueNode());
      editor.add(a.path(), a.valueNode());
    } else if (op instanceof PatchOperation.Remove r) {
      editor.remove(r.path());
    } else if (op instanceof PatchOperation.Replace r) {
      Json.validate(r.valueNode());
      editor.replace(r.path(), r.valueNode());
    } else if (op instanceof PatchOperation.Move m) {
      move(editor, m);
    } else if (op instanceof PatchOperation.Copy c) {
      editor.add(c.path(), editor.share(c.from()));
    } else if (op instanceof PatchOperation.Test t) {
      test(editor, t);
    } else if (op instanceof PatchOperation.TextEdit t) {
      editText(editor, t);
    }
  }

  static void move(TreeEditor editor, PatchOperation.Move m) {
    JsonNode value = editor.require(m.from());
    if (m.from().equals(m.path())) {
      return;
    }
    if (m.from().isPrefixOf(m.path())) {
      throw new TreeEditor.Failure("cannot move " + TreeEditor.describe(m.from()) + " into its own child "
          + TreeEditor.describe(m.path()));
    }
    editor.remove(m.from());
    editor.add(m.path(), value);
  }

  private static void test(TreeEditor editor, PatchOperation.Test t) {
    JsonNode actual = editor.get(t.path());
    if (actual == null) {
      throw new TreeEditor.Failure("test failed: no value at " + TreeEditor.describe(t.path()));
    }
    if (!JsonValues.equal(actual, t.valueNode())) {
      throw new TreeEditor.Failure("test failed: the value at " + TreeEditor.describe(t.path())
          + " is not the expected one");
    }
  }

  /** An {@code x-text} edit's string before and after. */
  record TextChange(String before, String after) {}

  /**
   * Applies an {@code x-text} operation: puts the edited string in place, notes which string it
   * was made from (see {@link TreeEditor#textEdits}), and returns both.
   */
  static TextChange editText(TreeEditor editor, PatchOperation.TextEdit t) {
    JsonNode current = editor.require(t.path());
    if (!current.isTextual()) {
      throw new TreeEditor.Failure("x-text needs a string at " + TreeEditor.describe(t.path()) + ", found a "
          + TreeEditor.kind(current));
    }
    // Only the inserted texts need checking, not the whole result: the string was valid, and every
    // cut is at a line start or its end, where no surrogate pair can be split or made up.
    for (TextHunk h : t.hunks()) {
      Json.validate(TextNode.valueOf(h.insert()));
    }
    String before = current.textValue();
    String after = TextLines.apply(before, t.hunks());
    editor.replace(t.path(), TextNode.valueOf(after));
    editor.editedText(after, before);
    return new TextChange(before, after);
  }
}
