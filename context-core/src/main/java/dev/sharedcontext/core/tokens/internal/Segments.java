package dev.sharedcontext.core.tokens.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.Canonical;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts a JSON value's canonical text (RFC 8785) into the segments tokens are counted by: each
 * string scalar and each member name (with its quotes), each other scalar, and each maximal
 * run of structural characters {@code { } [ ] : ,} between them. Concatenated in order, the
 * segments are exactly the canonical text.
 *
 * <p>Stateless and thread-safe; a {@link Sink} sees one walk.
 */
public final class Segments {

  /** Receives the segments of one walk, in order. */
  public interface Sink {
    /**
     * A string scalar or a member name; its segment is {@link Canonical#quoted(String) quoted}.
     *
     * @param previous in a walk alongside a previous version, the string scalar at the same place
     *     in it (same member names, same array indices), if there is one; null otherwise, and
     *     always for a member name
     */
    void string(String value, String previous);

    /** Any other segment, as canonical text: a number, {@code true}, {@code null}, or a structural run. */
    void literal(String text);
  }

  /** Receives the scalars that differ between two values of the same shape. */
  public interface ScalarChanges {
    /**
     * {@code now} is at the place of {@code before}: two scalars (strings, numbers, booleans or
     * nulls, not necessarily of one type) that are not the same node.
     */
    void changed(JsonNode now, JsonNode before);
  }

  private Segments() {}

  /** Walks {@code json} in canonical order, handing every segment to {@code sink}. */
  public static void walk(JsonNode json, Sink sink) {
    walk(json, null, sink);
  }

  /**
   * Walks {@code json} like {@link #walk(JsonNode, Sink)}, keeping alongside each node the node at
   * the same place in {@code previous} (a member by its name, an element by its index), so the
   * sink sees each string with its previous version. The segments are {@code json}'s alone.
   *
   * @param previous the version {@code json} was made from, or null for none
   */
  public static void walk(JsonNode json, JsonNode previous, Sink sink) {
    Walk walk = new Walk(sink);
    walk.value(json, previous);
    walk.flush();
  }

  /**
   * Whether {@code json} has the shape of {@code previous}: the same member names in every object,
   * the same length in every array, a scalar wherever the other has a scalar. Their segments are
   * then the same but for those scalars that differ, since each scalar is a segment of its own and
   * every structural run between them is the same: the two differ by the segments of the pairs
   * handed to {@code changes}, each pair of scalars at one place that are not the same node. A
   * subtree the two share (the same object, as a patched document shares every subtree the patch
   * did not touch) is not looked into. Returns false at the first difference of shape, after
   * handing over some of the pairs, maybe.
   */
  public static boolean sameShape(JsonNode json, JsonNode previous, ScalarChanges changes) {
    if (json == previous) {
      return true;
    }
    boolean container = json.isContainerNode();
    if (container != previous.isContainerNode()) {
      return false;
    }
    if (!container) {
      changes.changed(json, previous);
      return true;
    }
    if (json.getNodeType() != previous.getNodeType() || json.size() != previous.size()) {
      return false;
    }
    if (json.isObject()) {
      // As many members, each name of one found in the other: the same names.
      for (Map.Entry<String, JsonNode> member : json.properties()) {
        JsonNode before = previous.get(member.getKey());
        if (before == null || !sameShape(member.getValue(), before, changes)) {
          return false;
        }
      }
    } else {
      for (int i = 0; i < json.size(); i++) {
        if (!sameShape(json.get(i), previous.get(i), changes)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The segments' texts, in order (string segments quoted); for tests and diagnostics. */
  public static List<String> texts(JsonNode json) {
    List<String> out = new ArrayList<>();
    walk(json, new Sink() {
      @Override
      public void string(String value, String previous) {
        out.add(Canonical.quoted(value));
      }

      @Override
      public void literal(String text) {
        out.add(text);
      }
    });
    return out;
  }

  /** One side of a walk: its sink, and the structural run it has not handed over yet. */
  static final class Walk {
    final Sink sink;
    /** The structural run since the last scalar or name. */
    final StringBuilder run = new StringBuilder(8);

    Walk(Sink sink) {
      this.sink = sink;
    }

    /** Walks {@code node}; {@code previous} is the node at its place in the previous version, or null. */
    void value(JsonNode node, JsonNode previous) {
      switch (node.getNodeType()) {
        case OBJECT -> {
          // The canonical writer's order; structural runs depend on it, e.g. "}}" versus "},".
          List<Map.Entry<String, JsonNode>> members = Canonical.members(node);
          JsonNode previousObject = previous != null && previous.isObject() ? previous : null;
          run.append('{');
          for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
              run.append(',');
            }
            Map.Entry<String, JsonNode> member = members.get(i);
            String name = member.getKey();
            flush();
            sink.string(name, null);
            run.append(':');
            value(member.getValue(), previousObject == null ? null : previousObject.get(name));
          }
          run.append('}');
        }
        case ARRAY -> {
          JsonNode previousArray = previous != null && previous.isArray() ? previous : null;
          run.append('[');
          for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
              run.append(',');
            }
            value(node.get(i), previousArray == null ? null : previousArray.get(i)); // null past its end
          }
          run.append(']');
        }
        case STRING -> {
          flush();
          sink.string(node.textValue(), previous != null && previous.isTextual() ? previous.textValue() : null);
        }
        default -> {
          // Numbers, booleans, null, and anything the canonical writer rejects (it throws).
          String text = Canonical.text(node);
          flush();
          sink.literal(text);
        }
      }
    }

    void flush() {
      if (run.length() > 0) {
        sink.literal(run.toString());
        run.setLength(0);
      }
    }
  }
}
