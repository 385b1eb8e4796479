package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.internal.InternalAccess;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The legacy diff shape: reading, writing, computing and converting to a patch. */
final class LegacyDiffs {
  private static final Set<String> MEMBERS = Set.of("added", "modified", "removed", "unchanged");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LegacyDiffs() {}

  static LegacyDiff between(ContextDocument before, ContextDocument after) {
    JsonNode a = InternalAccess.tree(before);
    JsonNode b = InternalAccess.tree(after);
    if (!a.isObject() || !b.isObject()) {
      throw new InvalidInputException("the legacy diff shape describes object contexts only; this context is a "
          + TreeEditor.kind(a.isObject() ? b : a));
    }
    // Sorted by name, so the same two documents always give the same JSON.
    Map<String, JsonNode> added = new TreeMap<>();
    Map<String, JsonNode> modified = new TreeMap<>();
    List<String> removed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (String name : new TreeMap<>(fields(a)).keySet()) {
      JsonNode after2 = b.get(name);
      if (after2 == null) {
        removed.add(name);
      } else if (a.get(name) == after2 || JsonValues.equal(a.get(name), after2)) {
        unchanged.add(name);
      } else {
        modified.put(name, after2);
      }
    }
    fields(b).forEach((name, value) -> {
      if (!a.has(name)) {
        added.put(name, value);
      }
    });
    return new LegacyDiff(added, modified, removed, unchanged);
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  static boolean looksLike(JsonNode json) {
    if (json == null || !json.isObject() || json.isEmpty()) {
      return false;
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      if (!MEMBERS.contains(it.next())) {
        return false;
      }
    }
    return true;
  }

  static LegacyDiff fromJson(JsonNode json) {
    if (!looksLike(json)) {
      throw new InvalidPatchException("a legacy diff is an object with only 'added', 'modified', 'removed' and "
          + "'unchanged'");
    }
    Map<String, JsonNode> added = members(json, "added");
    Map<String, JsonNode> modified = members(json, "modified");
    List<String> removed = names(json, "removed");
    List<String> unchanged = names(json, "unchanged");
    for (String name : removed) {
      if (added.containsKey(name) || modified.containsKey(name)) {
        throw new InvalidPatchException("legacy diff: '" + name + "' is both removed and added or modified");
      }
    }
    return new LegacyDiff(added, modified, removed, unchanged);
  }

  private static Map<String, JsonNode> members(JsonNode json, String member) {
    JsonNode v = json.get(member);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new InvalidPatchException("legacy diff: '" + member + "' must be an object, not a " + TreeEditor.kind(v));
    }
    try {
      Json.validate(v);
    } catch (InvalidInputException e) {
      throw new InvalidPatchException("legacy diff: '" + member + "': " + e.getMessage(), e);
    }
    return fields(v);
  }

  private static List<String> names(JsonNode json, String member) {
    JsonNode v = json.get(member);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new InvalidPatchException("legacy diff: '" + member + "' must be an array of names, not a "
          + TreeEditor.kind(v));
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode n : v) {
      if (!n.isTextual()) {
        throw new InvalidPatchException("legacy diff: '" + member + "' must hold only strings");
      }
      out.add(n.textValue());
    }
    return out;
  }

  static ObjectNode toJson(LegacyDiff diff) {
    ObjectNode o = NODES.objectNode();
    o.set("added", object(diff.added()));
    o.set("modified", object(diff.modified()));
    ArrayNode removed = o.putArray("removed");
    diff.removed().forEach(removed::add);
    ArrayNode unchanged = o.putArray("unchanged");
    diff.unchanged().forEach(unchanged::add);
    return o;
  }

  private static ObjectNode object(Map<String, JsonNode> members) {
    ObjectNode o = NODES.objectNode();
    members.forEach(o::set);
    return o;
  }

  /**
   * {@code add} for added and modified members (an {@code add} on an object member sets it
   * whether or not it exists, which is what the original system did), {@code remove} for removed
   * ones (which must exist: removing an absent member fails the patch, rather than hiding a
   * client that works from a stale view).
   */
  static Patch toPatch(LegacyDiff diff) {
    List<PatchOperation> ops = new ArrayList<>();
    for (String name : diff.removed()) {
      ops.add(new PatchOperation.Remove(JsonPointer.of(name)));
    }
    diff.added().forEach((name, value) -> ops.add(new PatchOperation.Add(JsonPointer.of(name), value)));
    diff.modified().forEach((name, value) -> ops.add(new PatchOperation.Add(JsonPointer.of(name), value)));
    return Patch.of(ops);
  }
}
