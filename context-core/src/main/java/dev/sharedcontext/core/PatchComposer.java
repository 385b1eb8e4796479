package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Composition of patches: the operations of the first then those of the second, with an
 * operation dropped where a later one on the same object member makes it moot (a value replaced
 * twice, a string edited after it was set). Without the document the result cannot always be
 * minimal (an {@code add} followed by a {@code remove} of a member that may or may not have
 * existed must stay two operations); {@link Patch#diff} between the two end documents is the way
 * to a minimal patch when they are at hand.
 */
final class PatchComposer {
  private PatchComposer() {}

  static Patch compose(Patch first, Patch second) {
    if (first.isEmpty()) {
      return second;
    }
    if (second.isEmpty()) {
      return first;
    }
    List<PatchOperation> ops = new ArrayList<>(first.size() + second.size());
    for (PatchOperation op : first.operations()) {
      ops.add(op);
    }
    for (PatchOperation op : second.operations()) {
      merge(ops, op);
    }
    return Patch.of(ops);
  }

  /** Appends {@code next} to {@code ops}, folding it into an earlier operation where that is safe. */
  private static void merge(List<PatchOperation> ops, PatchOperation next) {
    JsonPointer path = next.path();
    if (!isMemberPath(path) || !(next instanceof PatchOperation.Replace || next instanceof PatchOperation.Remove
        || next instanceof PatchOperation.TextEdit)) {
      ops.add(next);
      return;
    }
    for (int i = ops.size() - 1; i >= 0; i--) {
      PatchOperation earlier = ops.get(i);
      if (earlier.path().equals(path)) {
        PatchOperation folded = fold(earlier, next);
        if (folded == null) {
          ops.add(next);
        } else {
          ops.remove(i);
          ops.add(folded);
        }
        return;
      }
      if (interferes(earlier, path)) {
        break;
      }
    }
    ops.add(next);
  }

  /** One operation with the effect of {@code earlier} then {@code next} on the same path, or null. */
  private static PatchOperation fold(PatchOperation earlier, PatchOperation next) {
    boolean setsValue = earlier instanceof PatchOperation.Add || earlier instanceof PatchOperation.Replace;
    JsonNode value = earlier instanceof PatchOperation.Add a ? a.valueNode()
        : earlier instanceof PatchOperation.Replace r ? r.valueNode() : null;
    if (next instanceof PatchOperation.Replace r) {
      if (earlier instanceof PatchOperation.Add) {
        return new PatchOperation.Add(r.path(), r.valueNode()); // the member may not have existed before
      }
      return earlier instanceof PatchOperation.Replace || earlier instanceof PatchOperation.TextEdit ? r : null;
    }
    if (next instanceof PatchOperation.Remove) {
      // After add, the member may not have existed before: remove alone would fail there.
      return earlier instanceof PatchOperation.Replace || earlier instanceof PatchOperation.TextEdit ? next : null;
    }
    PatchOperation.TextEdit edit = (PatchOperation.TextEdit) next;
    if (!setsValue || !value.isTextual()) {
      return null;
    }
    String edited;
    try {
      edited = TextLines.apply(value.textValue(), edit.hunks());
    } catch (TreeEditor.Failure f) {
      return null; // keep both: applying reports the failure where it belongs
    }
    TextNode text = TextNode.valueOf(edited);
    return earlier instanceof PatchOperation.Add ? new PatchOperation.Add(edit.path(), text)
        : new PatchOperation.Replace(edit.path(), text);
  }

  /** True if {@code op} may read or change {@code path} or shift what it points at. */
  private static boolean interferes(PatchOperation op, JsonPointer path) {
    if (touches(op.path(), path)) {
      return true;
    }
    if (op instanceof PatchOperation.Move m) {
      return touches(m.from(), path);
    }
    return op instanceof PatchOperation.Copy c && touches(c.from(), path);
  }

  private static boolean touches(JsonPointer changed, JsonPointer path) {
    // An array insertion or removal shifts its siblings: count its parent as touched.
    JsonPointer affected = !changed.isRoot() && isIndexLike(changed.last()) ? changed.parent() : changed;
    return affected.overlaps(path);
  }

  /** A path none of whose tokens could be an array position, so no other operation can shift it. */
  private static boolean isMemberPath(JsonPointer path) {
    if (path.isRoot()) {
      return false;
    }
    for (String token : path.tokens()) {
      if (isIndexLike(token)) {
        return false;
      }
    }
    return true;
  }

  /** {@code -} or digits: a token that could address an array position. */
  private static boolean isIndexLike(String token) {
    if (token.isEmpty() || "-".equals(token)) {
      return !token.isEmpty();
    }
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) < '0' || token.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
