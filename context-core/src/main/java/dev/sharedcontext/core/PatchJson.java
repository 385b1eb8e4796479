package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.internal.Abbreviation;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of patches: an array of RFC 6902 operation objects, plus
 * {@code {"op": "x-text", "path": P, "hunks": [[line, deleteCount, insert], ...]}}. Members an
 * operation does not use are ignored, as RFC 6902 §4 asks.
 */
final class PatchJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PatchJson() {}

  static Patch read(JsonNode json) {
    if (!json.isArray()) {
      throw new InvalidPatchException("a patch must be a JSON array of operations, not a " + TreeEditor.kind(json));
    }
    List<PatchOperation> ops = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      ops.add(readOperation(json.get(i), i));
    }
    return Patch.of(ops);
  }

  private static PatchOperation readOperation(JsonNode node, int index) {
    if (!node.isObject()) {
      throw invalid(index, "must be an object, not a " + TreeEditor.kind(node));
    }
    String op = text(node, "op", index);
    JsonPointer path = pointer(node, "path", index);
    return switch (op) {
      case "add" -> new PatchOperation.Add(path, value(node, index));
      case "remove" -> new PatchOperation.Remove(path);
      case "replace" -> new PatchOperation.Replace(path, value(node, index));
      case "move" -> new PatchOperation.Move(pointer(node, "from", index), path);
      case "copy" -> new PatchOperation.Copy(pointer(node, "from", index), path);
      case "test" -> new PatchOperation.Test(path, value(node, index));
      case "x-text" -> textEdit(node, path, index);
      default -> throw invalid(index, "unknown op '" + abbreviate(op)
          + "' (known: add, remove, replace, move, copy, test, x-text)");
    };
  }

  private static PatchOperation textEdit(JsonNode node, JsonPointer path, int index) {
    JsonNode hunks = node.get("hunks");
    if (hunks == null || !hunks.isArray() || hunks.isEmpty()) {
      throw invalid(index, "x-text needs 'hunks', a non-empty array of [line, deleteCount, insert]");
    }
    List<TextHunk> out = new ArrayList<>(hunks.size());
    for (JsonNode h : hunks) {
      if (!h.isArray() || h.size() != 3 || !isInt(h.get(0)) || !isInt(h.get(1)) || !h.get(2).isTextual()) {
        throw invalid(index, "an x-text hunk must be [line, deleteCount, insert] with two non-negative "
            + "integers and a string");
      }
      try {
        out.add(new TextHunk(h.get(0).intValue(), h.get(1).intValue(), h.get(2).textValue()));
      } catch (InvalidPatchException e) {
        throw invalid(index, e.getMessage());
      }
    }
    try {
      return new PatchOperation.TextEdit(path, out);
    } catch (InvalidPatchException e) {
      throw invalid(index, e.getMessage());
    }
  }

  private static boolean isInt(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0;
  }

  private static String text(JsonNode node, String member, int index) {
    JsonNode v = node.get(member);
    if (v == null) {
      throw invalid(index, "missing '" + member + "'");
    }
    if (!v.isTextual()) {
      throw invalid(index, "'" + member + "' must be a string, not a " + TreeEditor.kind(v));
    }
    return v.textValue();
  }

  private static JsonPointer pointer(JsonNode node, String member, int index) {
    String raw = text(node, member, index);
    try {
      return JsonPointer.parse(raw);
    } catch (InvalidPatchException e) {
      throw invalid(index, e.getMessage());
    }
  }

  private static JsonNode value(JsonNode node, int index) {
    JsonNode v = node.get("value");
    if (v == null) {
      throw invalid(index, "missing 'value'");
    }
    try {
      Json.validate(v);
    } catch (InvalidInputException e) {
      throw invalid(index, e.getMessage());
    }
    return v;
  }

  private static InvalidPatchException invalid(int index, String message) {
    return new InvalidPatchException("patch operation " + index + ": " + message);
  }

  private static String abbreviate(String s) {
    return Abbreviation.of(s, 40, 37, "...");
  }

  /** A fresh array the caller may change. */
  static ArrayNode write(Patch patch) {
    return write(patch, true);
  }

  /** With {@code copyValues} false the array shares the operations' values: read it, never change it. */
  static ArrayNode write(Patch patch, boolean copyValues) {
    ArrayNode array = NODES.arrayNode(patch.size());
    for (PatchOperation op : patch.operations()) {
      ObjectNode o = array.addObject();
      o.put("op", op.op());
      o.put("path", op.path().toString());
      if (op instanceof PatchOperation.Add a) {
        o.set("value", copyValues ? a.value() : a.valueNode());
      } else if (op instanceof PatchOperation.Replace r) {
        o.set("value", copyValues ? r.value() : r.valueNode());
      } else if (op instanceof PatchOperation.Test t) {
        o.set("value", copyValues ? t.value() : t.valueNode());
      } else if (op instanceof PatchOperation.Move m) {
        o.put("from", m.from().toString());
      } else if (op instanceof PatchOperation.Copy c) {
        o.put("from", c.from().toString());
      } else if (op instanceof PatchOperation.TextEdit t) {
        ArrayNode hunks = o.putArray("hunks");
        for (TextHunk h : t.hunks()) {
          hunks.addArray().add(h.line()).add(h.deleteCount()).add(h.insert());
        }
      }
    }
    return array;
  }

  static String writeString(Patch patch) {
    // Canonical writing: compact, deterministic, and the same bytes the hash definitions use.
    return CanonicalJson.writeString(write(patch, false));
  }
}
