package dev.sharedcontext.core.tokens.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.Canonical;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The segments (see {@link Segments}) by which a JSON value's canonical text differs from that of
 * the version it was made from, found by walking the two side by side: a segment the two have at
 * the same place cancels out, so the count of the new text is the old one's plus the segments
 * handed to {@code added} less those handed to {@code removed}, whatever changed (members added
 * or removed, arrays grown or cut, values of another type), where {@link Segments#sameShape}
 * allows only scalars to change.
 *
 * <p>What makes it cheap is that a subtree the two share (the same object, as a patched document
 * shares every subtree the patch did not touch) is not looked into: its first and last segments
 * are names or scalars, which it has on both sides, so everything between them cancels, and only
 * the structural runs at its two ends, which join the runs around it, are worked out (from its
 * first and last members). Objects are merged by name, arrays matched by their shared elements at
 * both ends. Each side keeps its own pending structural run; at a segment both sides have, the two
 * runs cancel if they are equal and are handed over otherwise.
 *
 * <p>Order on one side is the canonical text's; across the sides, a scalar that replaced another
 * is handed to {@code removed} before {@code added}, as a counter that counts an edited string
 * from its previous version's pieces needs (see {@link SegmentTokenCounter}).
 */
final class SegmentDifference {
  /** How many pairs of containers {@link #related} looks at before it gives up. */
  static final int RELATED_PAIRS = 64;
  private final Segments.Walk now;
  private final Segments.Walk was;

  private SegmentDifference(Segments.Sink added, Segments.Sink removed) {
    this.now = new Segments.Walk(added);
    this.was = new Segments.Walk(removed);
  }

  /**
   * Hands {@code added} the segments of {@code json}'s canonical text that {@code previous}'s has
   * not at the same place, and {@code removed} those of {@code previous}'s that {@code json}'s
   * has not: the sum over {@code json}'s segments is the sum over {@code previous}'s, plus
   * {@code added}'s, less {@code removed}'s. A string handed to {@code added} comes with the string
   * it replaced at the same place, if there was one.
   */
  static void walk(JsonNode json, JsonNode previous, Segments.Sink added, Segments.Sink removed) {
    SegmentDifference d = new SegmentDifference(added, removed);
    d.both(json, previous);
    d.segmentOnBoth();
  }

  /**
   * Whether {@code json} shares a subtree with {@code previous} at the same place, found within the
   * first {@value #RELATED_PAIRS} pairs of containers at the same places, breadth first: a version
   * made by a patch shares every subtree the patch did not touch, so one is found near the top.
   * Walking two unrelated trees side by side costs a walk of each, where counting the new one
   * alone walks only it (and finds the old one's strings nowhere): 1.5 times as long for
   * documents of 3,000 unrelated objects.
   */
  static boolean related(JsonNode json, JsonNode previous) {
    ArrayDeque<JsonNode> pairs = new ArrayDeque<>();
    pairs.add(json);
    pairs.add(previous);
    for (int visited = 0; !pairs.isEmpty() && visited < RELATED_PAIRS; visited++) {
      JsonNode a = pairs.poll();
      JsonNode b = pairs.poll();
      if (a == b) {
        return true;
      }
      if (a.isObject() && b.isObject()) {
        for (Map.Entry<String, JsonNode> member : a.properties()) {
          JsonNode at = b.get(member.getKey());
          if (at == null) {
            continue;
          }
          if (shared(member.getValue(), at)) {
            return true;
          }
          if (at.isContainerNode() && member.getValue().isContainerNode()) {
            pairs.add(member.getValue());
            pairs.add(at);
          }
        }
      } else if (a.isArray() && b.isArray()) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          if (shared(a.get(i), b.get(i)) || shared(a.get(a.size() - 1 - i), b.get(b.size() - 1 - i))) {
            return true;
          }
          if (a.get(i).isContainerNode() && b.get(i).isContainerNode()) {
            pairs.add(a.get(i));
            pairs.add(b.get(i));
          }
        }
      }
    }
    return false;
  }

  /**
   * The same node, and one that only a tree made from the other shares with it: a container or a
   * string, not a small number, a boolean, null or an empty string, of which any two trees share
   * Jackson's instances.
   */
  private static boolean shared(JsonNode a, JsonNode b) {
    return a == b && (a.isContainerNode() || a.isTextual() && !a.textValue().isEmpty());
  }

  /** {@code a} on the new side and {@code b} on the old, at the same place. */
  private void both(JsonNode a, JsonNode b) {
    if (a == b) {
      shared(a);
    } else if (a.isObject() && b.isObject()) {
      objects(a, b);
    } else if (a.isArray() && b.isArray()) {
      arrays(a, b);
    } else if (!a.isContainerNode() && !b.isContainerNode()) {
      segmentOnBoth();
      if (a.isTextual() && b.isTextual()) {
        if (!a.textValue().equals(b.textValue())) {
          was.sink.string(b.textValue(), null); // first: see the class comment
          now.sink.string(a.textValue(), b.textValue());
        }
      } else {
        String before = Canonical.text(b);
        String after = Canonical.text(a);
        if (!before.equals(after)) {
          was.value(b, null);
          now.value(a, null);
        }
      }
    } else {
      now.value(a, null);
      was.value(b, null);
    }
  }

  /**
   * A subtree both sides share. With no name or scalar in it, it is all structure, part of the runs
   * on both sides; otherwise its first run joins the runs before it, everything up to its last
   * name or scalar cancels, and its last run starts the runs after it.
   */
  private void shared(JsonNode node) {
    if (!node.isContainerNode()) {
      segmentOnBoth();
      return;
    }
    if (isStructure(node)) {
      String text = Canonical.text(node);
      now.run.append(text);
      was.run.append(text);
      return;
    }
    StringBuilder first = new StringBuilder(4);
    leadingRun(node, first);
    now.run.append(first);
    was.run.append(first);
    segmentOnBoth();
    StringBuilder last = new StringBuilder(4);
    trailingRun(node, last);
    now.run.append(last);
    was.run.append(last);
  }

  private void objects(JsonNode a, JsonNode b) {
    now.run.append('{');
    was.run.append('{');
    List<Map.Entry<String, JsonNode>> as = Canonical.members(a);
    List<Map.Entry<String, JsonNode>> bs = Canonical.members(b);
    int i = 0;
    int j = 0;
    while (i < as.size() || j < bs.size()) {
      int order = i == as.size() ? 1 : j == bs.size() ? -1 : as.get(i).getKey().compareTo(bs.get(j).getKey());
      if (order == 0) {
        if (i > 0) {
          now.run.append(',');
        }
        if (j > 0) {
          was.run.append(',');
        }
        segmentOnBoth(); // the name, on both sides
        now.run.append(':');
        was.run.append(':');
        both(as.get(i++).getValue(), bs.get(j++).getValue());
      } else if (order < 0) {
        member(now, i > 0, as.get(i++));
      } else {
        member(was, j > 0, bs.get(j++));
      }
    }
    now.run.append('}');
    was.run.append('}');
  }

  /** A member on one side only. */
  private static void member(Segments.Walk side, boolean comma, Map.Entry<String, JsonNode> member) {
    if (comma) {
      side.run.append(',');
    }
    side.flush();
    side.sink.string(member.getKey(), null);
    side.run.append(':');
    side.value(member.getValue(), null);
  }

  /**
   * The elements both arrays share at their starts and at their ends (the same objects, in order)
   * are matched; those between are each on one side only (an insertion, a removal, or a
   * replacement, whose elements are then matched pairwise when the two middles are as long).
   */
  private void arrays(JsonNode a, JsonNode b) {
    now.run.append('[');
    was.run.append('[');
    int na = a.size();
    int nb = b.size();
    int start = 0;
    while (start < na && start < nb && a.get(start) == b.get(start)) {
      start++;
    }
    int end = 0;
    while (end < na - start && end < nb - start && a.get(na - 1 - end) == b.get(nb - 1 - end)) {
      end++;
    }
    for (int k = 0; k < start; k++) {
      commas(k);
      shared(a.get(k));
    }
    if (na - start - end == nb - start - end) {
      for (int k = start; k < na - end; k++) {
        commas(k);
        both(a.get(k), b.get(k));
      }
    } else {
      for (int k = start; k < na - end; k++) {
        element(now, k, a.get(k));
      }
      for (int k = start; k < nb - end; k++) {
        element(was, k, b.get(k));
      }
    }
    for (int k = 0; k < end; k++) {
      if (na - end + k > 0) {
        now.run.append(',');
      }
      if (nb - end + k > 0) {
        was.run.append(',');
      }
      shared(a.get(na - end + k));
    }
    now.run.append(']');
    was.run.append(']');
  }

  private void commas(int index) {
    if (index > 0) {
      now.run.append(',');
      was.run.append(',');
    }
  }

  private static void element(Segments.Walk side, int index, JsonNode element) {
    if (index > 0) {
      side.run.append(',');
    }
    side.value(element, null);
  }

  /**
   * A segment both sides have here (a name or a scalar, equal or not): the runs pending before it
   * end. Equal runs cancel; others are handed over.
   */
  private void segmentOnBoth() {
    if (now.run.length() == was.run.length() && now.run.compareTo(was.run) == 0) {
      now.run.setLength(0);
      was.run.setLength(0);
    } else {
      was.flush();
      now.flush();
    }
  }

  /** Whether {@code node}'s canonical text is all structural characters: no name and no scalar in it. */
  private static boolean isStructure(JsonNode node) {
    if (node.isObject()) {
      return node.isEmpty();
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!isStructure(element)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** The run that starts a container with a name or scalar in it: up to its first one. */
  private static void leadingRun(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{'); // then its least name
      return;
    }
    out.append('[');
    for (int i = 0; ; i++) {
      JsonNode element = node.get(i);
      if (i > 0) {
        out.append(',');
      }
      if (!isStructure(element)) {
        if (element.isContainerNode()) {
          leadingRun(element, out);
        }
        return;
      }
      Canonical.write(element, out);
    }
  }

  /** The run that ends a container with a name or scalar in it: after its last one. */
  private static void trailingRun(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      String lastName = null;
      JsonNode lastValue = null;
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        if (lastName == null || member.getKey().compareTo(lastName) > 0) {
          lastName = member.getKey();
          lastValue = member.getValue();
        }
      }
      if (isStructure(lastValue)) {
        out.append(':'); // after the last name
        Canonical.write(lastValue, out);
      } else if (lastValue.isContainerNode()) {
        trailingRun(lastValue, out);
      }
      out.append('}');
      return;
    }
    int last = node.size() - 1;
    while (isStructure(node.get(last))) {
      last--;
    }
    JsonNode element = node.get(last);
    if (element.isContainerNode()) {
      trailingRun(element, out);
    }
    for (int i = last + 1; i < node.size(); i++) {
      out.append(',');
      Canonical.write(node.get(i), out);
    }
    out.append(']');
  }
}
