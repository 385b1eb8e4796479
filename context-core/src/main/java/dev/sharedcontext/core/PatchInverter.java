package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.InternalAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Inverse patches: applies the patch operation by operation to a copy-on-write tree and, for
 * each, records the operations that undo it, most recent first. The inverse carries the old
 * values it must restore (that is what the store's history keeps instead of full copies), but
 * an {@code x-text} edit is undone by an {@code x-text} edit, so undoing a one-line change costs
 * one line.
 */
final class PatchInverter {
  private PatchInverter() {}

  static Patch invert(Patch patch, ContextDocument before) {
    return applyInvertible(patch, before).inverse();
  }

  /** Applies {@code patch} and records its inverse in the same pass. */
  static Patch.Applied applyInvertible(Patch patch, ContextDocument before) {
    TreeEditor editor = new TreeEditor(InternalAccess.tree(before));
    List<PatchOperation> ops = patch.operations();
    List<List<PatchOperation>> undo = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      PatchOperation op = ops.get(i);
      try {
        undo.add(invertOne(editor, op));
      } catch (TreeEditor.Failure f) {
        throw new PatchFailedException(i, op.path().toString(), f.getMessage());
      } catch (InvalidInputException e) {
        throw new PatchFailedException(i, op.path().toString(), e.getMessage());
      }
    }
    List<PatchOperation> inverse = new ArrayList<>();
    Collections.reverse(undo);
    undo.forEach(inverse::addAll);
    return new Patch.Applied(ContextDocument.derive(editor.root(), before, editor.textEdits()), Patch.of(inverse));
  }

  /** Applies {@code op} to {@code editor} and returns the operations that undo it, in order. */
  private static List<PatchOperation> invertOne(TreeEditor editor, PatchOperation op) {
    if (op instanceof PatchOperation.Add a) {
      Json.validate(a.valueNode());
      return undoAdd(editor.add(a.path(), a.valueNode()));
    }
    if (op instanceof PatchOperation.Remove r) {
      JsonNode removed = editor.remove(r.path());
      return List.of(new PatchOperation.Add(r.path(), removed));
    }
    if (op instanceof PatchOperation.Replace r) {
      Json.validate(r.valueNode());
      JsonNode old = editor.replace(r.path(), r.valueNode());
      return List.of(new PatchOperation.Replace(r.path(), old));
    }
    if (op instanceof PatchOperation.Move m) {
      return undoMove(editor, m);
    }
    if (op instanceof PatchOperation.Copy c) {
      return undoAdd(editor.add(c.path(), editor.share(c.from())));
    }
    if (op instanceof PatchOperation.Test) {
      PatchApplier.applyOne(editor, op);
      return List.of();
    }
    PatchOperation.TextEdit t = (PatchOperation.TextEdit) op;
    PatchApplier.TextChange change = PatchApplier.editText(editor, t);
    List<TextHunk> hunks = TextLines.invert(change.before(), t.hunks(), change.after());
    return hunks.isEmpty() ? List.of() : List.of(new PatchOperation.TextEdit(t.path(), hunks));
  }

  private static List<PatchOperation> undoAdd(TreeEditor.Added added) {
    if (added.replaced() != null) {
      return List.of(new PatchOperation.Replace(added.path(), added.replaced()));
    }
    return List.of(new PatchOperation.Remove(added.path()));
  }

  private static List<PatchOperation> undoMove(TreeEditor editor, PatchOperation.Move m) {
    JsonNode rootBefore = editor.root();
    JsonNode value = editor.require(m.from());
    if (m.from().equals(m.path())) {
      return List.of();
    }
    if (m.from().isPrefixOf(m.path())) {
      PatchApplier.move(editor, m); // throws the same failure as applying
    }
    editor.remove(m.from());
    TreeEditor.Added added = editor.add(m.path(), value);
    if (m.path().isRoot()) {
      return List.of(new PatchOperation.Replace(JsonPointer.ROOT, rootBefore));
    }
    List<PatchOperation> undo = new ArrayList<>(2);
    undo.add(new PatchOperation.Move(added.path(), m.from()));
    if (added.replaced() != null) {
      // The move overwrote an object member: it comes back after the value has moved home.
      undo.add(new PatchOperation.Add(m.path(), added.replaced()));
    }
    return undo;
  }
}
