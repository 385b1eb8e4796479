package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copy-on-write edits of an immutable tree, for applying one patch.
 *
 * <p>Documents share subtrees, so nothing reachable from the original root may ever be changed.
 * Each edit copies the containers on the path from the root to the edited one (shallowly: the
 * children are shared), unless this editor created them itself, which it remembers. Editing a
 * file in a 40-file context thus costs two small container copies, not a copy of the context,
 * and a failed patch leaves the original untouched by construction.
 */
final class TreeEditor {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Why an edit does not apply; the caller adds which operation it was. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What an {@code add} did.
   *
   * @param path where the value now is, with {@code -} resolved to a concrete index
   * @param replaced the object member that was overwritten, or null if the value was inserted
   */
  record Added(JsonPointer path, JsonNode replaced) {}

  private final Set<JsonNode> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
  private JsonNode root;
  /** Strings made by {@code x-text} edits, each to the string it was made from; null until one is. */
  private IdentityHashMap<String, String> textEdits;

  TreeEditor(JsonNode root) {
    this.root = root;
  }

  JsonNode root() {
    return root;
  }

  /** Notes that {@code after} was made from {@code before} by a text edit (see {@link #textEdits}). */
  void editedText(String after, String before) {
    if (textEdits == null) {
      textEdits = new IdentityHashMap<>();
    }
    textEdits.put(after, before);
  }

  /**
   * Every string a text edit made, to the string it was made from: a document's canonical bytes
   * encode an edited string from its previous version's bytes.
   */
  Map<String, String> textEdits() {
    return textEdits == null ? Map.of() : textEdits;
  }

  /** The value at {@code path}, or null if there is none. */
  JsonNode get(JsonPointer path) {
    return Json.resolve(root, path);
  }

  /** The value at {@code path}, which must exist. */
  JsonNode require(JsonPointer path) {
    JsonNode node = get(path);
    if (node == null) {
      throw new Failure("no value at " + describe(path));
    }
    return node;
  }

  /**
   * The value at {@code from}, which must exist, to be placed at a second location ({@code copy}).
   * The two places then share it, so nothing this editor made may be changed in place any more.
   */
  JsonNode share(JsonPointer from) {
    JsonNode value = require(from);
    if (value.isContainerNode()) {
      fresh.clear();
    }
    return value;
  }

  /** RFC 6902 §4.1. */
  Added add(JsonPointer path, JsonNode value) {
    if (path.isRoot()) {
      JsonNode old = root;
      root = value;
      fresh.clear();
      return new Added(path, old);
    }
    JsonNode parent = writableParent(path);
    String token = path.last();
    if (parent instanceof ObjectNode object) {
      return new Added(path, object.replace(token, value));
    }
    ArrayNode array = (ArrayNode) parent;
    int index = "-".equals(token) ? array.size() : Json.arrayIndex(token);
    if (index < 0) {
      throw new Failure("'" + token + "' is not an array index (digits without leading zeros, or '-')");
    }
    if (index > array.size()) {
      throw new Failure("index " + index + " is past the end of the array (size " + array.size() + ")");
    }
    array.insert(index, value);
    return new Added(path.parent().append(index), null);
  }

  /** RFC 6902 §4.2; returns the removed value. */
  JsonNode remove(JsonPointer path) {
    if (path.isRoot()) {
      throw new Failure("the whole document cannot be removed; replace it instead");
    }
    require(path);
    JsonNode parent = writableParent(path);
    if (parent instanceof ObjectNode object) {
      return object.remove(path.last());
    }
    return ((ArrayNode) parent).remove(Json.arrayIndex(path.last()));
  }

  /** RFC 6902 §4.3; returns the replaced value. */
  JsonNode replace(JsonPointer path, JsonNode value) {
    if (path.isRoot()) {
      JsonNode old = root;
      root = value;
      fresh.clear();
      return old;
    }
    require(path);
    JsonNode parent = writableParent(path);
    if (parent instanceof ObjectNode object) {
      return object.replace(path.last(), value);
    }
    return ((ArrayNode) parent).set(Json.arrayIndex(path.last()), value);
  }

  /**
   * The container that holds (or is to hold) the last token of {@code path}, made writable by
   * copying it and its ancestors where this editor did not create them.
   */
  private JsonNode writableParent(JsonPointer path) {
    List<String> tokens = path.tokens();
    root = writable(root);
    JsonNode node = root;
    for (int i = 0; i < tokens.size() - 1; i++) {
      String token = tokens.get(i);
      JsonNode child = childOf(node, token);
      if (child == null) {
        throw new Failure("no value at " + describe(new JsonPointer(tokens.subList(0, i + 1))));
      }
      if (!child.isContainerNode()) {
        throw new Failure(describe(new JsonPointer(tokens.subList(0, i + 1))) + " is a " + kind(child)
            + ", not an object or array");
      }
      JsonNode copy = writable(child);
      if (copy != child) {
        if (node instanceof ObjectNode object) {
          object.set(token, copy);
        } else {
          ((ArrayNode) node).set(Json.arrayIndex(token), copy);
        }
      }
      node = copy;
    }
    if (!node.isContainerNode()) {
      throw new Failure("the parent of " + describe(path) + " is a " + kind(node) + ", not an object or array");
    }
    return node;
  }

  private static JsonNode childOf(JsonNode node, String token) {
    if (node.isObject()) {
      return node.get(token);
    }
    int index = Json.arrayIndex(token);
    return index < 0 || index >= node.size() ? null : node.get(index);
  }

  private JsonNode writable(JsonNode node) {
    if (!node.isContainerNode() || fresh.contains(node)) {
      return node;
    }
    JsonNode copy;
    if (node instanceof ObjectNode object) {
      ObjectNode o = NODES.objectNode();
      o.setAll(object); // shallow: the members are shared
      copy = o;
    } else {
      ArrayNode a = NODES.arrayNode(node.size());
      a.addAll((ArrayNode) node); // shallow: the elements are shared
      copy = a;
    }
    fresh.add(copy);
    return copy;
  }

  static String describe(JsonPointer path) {
    return path.isRoot() ? "the root" : "'" + path + "'";
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case OBJECT -> "object";
      case ARRAY -> "array";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
