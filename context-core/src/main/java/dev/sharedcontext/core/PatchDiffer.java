package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.sharedcontext.core.internal.InternalAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes small patches between documents: member-wise for objects, by longest common
 * subsequence for arrays (java-diff-utils), {@code x-text} for strings where it is smaller than
 * a {@code replace}, and {@code move} for an object member that reappears unchanged under
 * another name (a renamed file).
 *
 * <p>Subtrees that two versions share by reference are skipped without being compared, which is
 * what the store's copy-on-write documents give: diffing two versions of a large context costs
 * about what changed.
 */
final class PatchDiffer {
  /** Strings shorter than this (both together) are replaced whole: hunks would not pay. */
  static final int MIN_TEXT_EDIT_CHARS = 128;
  /** Only strings at least this long are worth a {@code move} instead of remove + add. */
  static final int MIN_MOVE_CHARS = 64;

  private PatchDiffer() {}

  static Patch diff(ContextDocument from, ContextDocument to) {
    List<PatchOperation> ops = new ArrayList<>();
    diff(JsonPointer.ROOT, InternalAccess.tree(from), InternalAccess.tree(to), ops);
    return Patch.of(ops);
  }

  private static void diff(JsonPointer path, JsonNode a, JsonNode b, List<PatchOperation> ops) {
    if (a == b) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      diffObjects(path, a, b, ops);
    } else if (a.isArray() && b.isArray()) {
      diffArrays(path, a, b, ops);
    } else if (a.isTextual() && b.isTextual()) {
      diffStrings(path, a.textValue(), b, ops);
    } else if (!JsonValues.equal(a, b)) {
      ops.add(new PatchOperation.Replace(path, b));
    }
  }

  private static void diffObjects(JsonPointer path, JsonNode a, JsonNode b, List<PatchOperation> ops) {
    Map<String, JsonNode> removed = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!b.has(e.getKey())) {
        removed.put(e.getKey(), e.getValue());
      }
    }
    Map<String, String> movedTo = renames(removed, a, b);
    movedTo.forEach((from, to) -> ops.add(new PatchOperation.Move(path.append(from), path.append(to))));
    removed.keySet().removeAll(movedTo.keySet());
    for (String name : removed.keySet()) {
      ops.add(new PatchOperation.Remove(path.append(name)));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode after = b.get(e.getKey());
      if (after != null) {
        diff(path.append(e.getKey()), e.getValue(), after, ops);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!a.has(e.getKey()) && !movedTo.containsValue(e.getKey())) {
        ops.add(new PatchOperation.Add(path.append(e.getKey()), e.getValue()));
      }
    }
  }

  /** Removed members whose (long string) value reappears under a new name: old name to new name. */
  private static Map<String, String> renames(Map<String, JsonNode> removed, JsonNode a, JsonNode b) {
    if (removed.isEmpty()) {
      return Map.of();
    }
    Map<String, String> byContent = new HashMap<>();
    removed.forEach((name, value) -> {
      if (value.isTextual() && value.textValue().length() >= MIN_MOVE_CHARS) {
        byContent.putIfAbsent(value.textValue(), name);
      }
    });
    if (byContent.isEmpty()) {
      return Map.of();
    }
    Map<String, String> moves = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!a.has(e.getKey()) && e.getValue().isTextual()) {
        String from = byContent.remove(e.getValue().textValue());
        if (from != null) {
          moves.put(from, e.getKey());
        }
      }
    }
    return moves;
  }

  private static void diffArrays(JsonPointer path, JsonNode a, JsonNode b, List<PatchOperation> ops) {
    List<JsonNode> before = new ArrayList<>(a.size());
    a.forEach(before::add);
    List<JsonNode> after = new ArrayList<>(b.size());
    b.forEach(after::add);
    List<AbstractDelta<JsonNode>> deltas = DiffUtils.diff(before, after, JsonValues::equal).getDeltas();
    // Last delta first: positions of earlier deltas stay valid while later ones are applied.
    for (int d = deltas.size() - 1; d >= 0; d--) {
      AbstractDelta<JsonNode> delta = deltas.get(d);
      int pos = delta.getSource().getPosition();
      List<JsonNode> source = delta.getSource().getLines();
      List<JsonNode> target = delta.getTarget().getLines();
      int common = Math.min(source.size(), target.size());
      for (int k = 0; k < common; k++) {
        diff(path.append(pos + k), source.get(k), target.get(k), ops);
      }
      for (int k = source.size() - 1; k >= common; k--) {
        ops.add(new PatchOperation.Remove(path.append(pos + k)));
      }
      for (int k = common; k < target.size(); k++) {
        ops.add(new PatchOperation.Add(path.append(pos + k), target.get(k)));
      }
    }
  }

  private static void diffStrings(JsonPointer path, String a, JsonNode b, List<PatchOperation> ops) {
    String s = b.textValue();
    if (a.equals(s)) {
      return;
    }
    if (a.length() + s.length() >= MIN_TEXT_EDIT_CHARS && (a.indexOf('\n') >= 0 || s.indexOf('\n') >= 0)) {
      List<TextHunk> hunks = TextLines.diff(a, s);
      if (!hunks.isEmpty() && TextLines.jsonSize(hunks) < TextLines.jsonStringSize(s)) {
        ops.add(new PatchOperation.TextEdit(path, hunks));
        return;
      }
    }
    ops.add(new PatchOperation.Replace(path, b));
  }
}
