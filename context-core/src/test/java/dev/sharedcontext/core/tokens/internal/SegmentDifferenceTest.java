package dev.sharedcontext.core.tokens.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.internal.Canonical;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The segments {@link SegmentDifference} hands over account for the whole of the new text: summed
 * with any weight per segment text, the old text's sum plus what was added less what was removed
 * is the new text's. The weight here is a hash of the segment's text, so a segment cut at another
 * place (a structural run split in two, or two joined) would change the sum.
 */
class SegmentDifferenceTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** A weight of a segment's text: any function of it would do; this one tells cuts apart. */
  private static long weight(String segment) {
    return 1 + Math.floorMod(segment.hashCode() * 31 + segment.length(), 997);
  }

  private static long sum(JsonNode json) {
    long sum = 0;
    for (String segment : Segments.texts(json)) {
      sum += weight(segment);
    }
    return sum;
  }

  /** Adds up the weights of what it is handed; counts the segments. */
  private static final class Weights implements Segments.Sink {
    long sum;
    int segments;

    @Override
    public void string(String value, String previous) {
      sum += weight(Canonical.quoted(value));
      segments++;
    }

    @Override
    public void literal(String text) {
      sum += weight(text);
      segments++;
    }
  }

  @Test
  void whatDiffersAccountsForTheWholeNewText() {
    SplittableRandom random = new SplittableRandom(17L);
    for (int history = 0; history < 40; history++) {
      JsonNode doc = object(random, 3);
      for (int step = 0; step < 60; step++) {
        JsonNode next = changed(doc, random);
        Weights added = new Weights();
        Weights removed = new Weights();
        SegmentDifference.walk(next, doc, added, removed);
        assertThat(sum(doc) + added.sum - removed.sum).as("history %d, step %d:%n%s%n->%n%s", history, step,
            Canonical.text(doc), Canonical.text(next)).isEqualTo(sum(next));
        doc = next;
      }
    }
  }

  @Test
  void edgeCasesOfStructureAccountForTheWholeNewText() {
    List<String[]> pairs = List.of(
        new String[] {"{}", "{\"a\":1}"},
        new String[] {"{\"a\":1}", "{}"},
        new String[] {"[]", "[[]]"},
        new String[] {"[[],[[]],1]", "[[],[[]],2]"},
        new String[] {"[[],[[]],1]", "[[[]],1]"},
        new String[] {"{\"a\":[],\"b\":{}}", "{\"a\":[[]],\"b\":{\"c\":{}}}"},
        new String[] {"{\"a\":{\"b\":[1,[]]}}", "{\"a\":{\"b\":[1,[],[]]}}"},
        new String[] {"[1,2,3]", "[0,1,2,3]"},
        new String[] {"[1,2,3]", "[1,2]"},
        new String[] {"{\"x\":\"s\"}", "{\"x\":{\"y\":\"s\"}}"},
        new String[] {"{\"x\":[]}", "{\"x\":null}"},
        new String[] {"1", "[1]"},
        new String[] {"\"a\"", "\"b\""});
    for (String[] pair : pairs) {
      JsonNode before = parse(pair[0]);
      JsonNode after = parse(pair[1]);
      for (JsonNode[] ab : new JsonNode[][] {{after, before}, {before, after}}) {
        Weights added = new Weights();
        Weights removed = new Weights();
        SegmentDifference.walk(ab[0], ab[1], added, removed);
        assertThat(sum(ab[1]) + added.sum - removed.sum).as("%s -> %s", ab[1], ab[0]).isEqualTo(sum(ab[0]));
      }
      // Shared subtrees around the change: the same objects on both sides.
      ObjectNode wrappedBefore = F.objectNode();
      wrappedBefore.set("a", parse("{\"k\":[[],{\"z\":[]}]}"));
      wrappedBefore.set("m", before);
      wrappedBefore.set("z", parse("[[],{\"q\":[[]]},[]]"));
      ObjectNode wrappedAfter = wrappedBefore.deepCopy();
      wrappedAfter.set("a", wrappedBefore.get("a"));
      wrappedAfter.set("m", after);
      wrappedAfter.set("z", wrappedBefore.get("z"));
      Weights added = new Weights();
      Weights removed = new Weights();
      SegmentDifference.walk(wrappedAfter, wrappedBefore, added, removed);
      assertThat(sum(wrappedBefore) + added.sum - removed.sum).as("within %s", wrappedAfter).isEqualTo(sum(wrappedAfter));
    }
  }

  /** A member added to an object of 2,000 shares the 2,000 and hands over its own segments and two runs at most. */
  @Test
  void sharedSubtreesAreNotLookedInto() {
    ObjectNode root = F.objectNode();
    ObjectNode tasks = root.putObject("tasks");
    for (int i = 0; i < 2000; i++) {
      tasks.putObject("task-" + i).put("title", "part " + i).put("done", i % 2 == 0).putArray("tags").add("t").add(i);
    }
    ObjectNode after = F.objectNode();
    ObjectNode tasksAfter = after.putObject("tasks");
    tasksAfter.setAll(tasks); // the same task objects
    tasksAfter.putObject("task-1000x").put("title", "new").put("done", false);
    Weights added = new Weights();
    Weights removed = new Weights();
    SegmentDifference.walk(after, root, added, removed);
    assertThat(sum(root) + added.sum - removed.sum).isEqualTo(sum(after));
    // "task-1000x" : { "done" : false , "title" : "new" } and the run before the name.
    assertThat(added.segments).isLessThanOrEqualTo(10);
    assertThat(removed.segments).isLessThanOrEqualTo(2);
  }

  private static JsonNode parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // Random documents, and changes that share every subtree they do not touch (as patches do).

  private static JsonNode value(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 0 ? 12 : 8);
    return switch (kind) {
      case 0 -> F.textNode("s" + random.nextInt(50));
      case 1 -> F.textNode(longText(random));
      case 2 -> F.numberNode(random.nextInt(-5, 1000));
      case 3 -> F.numberNode(random.nextDouble() * 1e22);
      case 4 -> F.booleanNode(random.nextBoolean());
      case 5 -> F.nullNode();
      case 6 -> F.objectNode();
      case 7 -> F.arrayNode().add(F.arrayNode());
      case 8, 9 -> object(random, depth - 1);
      default -> array(random, depth - 1);
    };
  }

  private static String longText(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    while (b.length() < 300) {
      b.append(random.nextBoolean() ? "word " : "line\n").append(random.nextInt(100));
    }
    return b.toString();
  }

  private static ObjectNode object(SplittableRandom random, int depth) {
    ObjectNode o = F.objectNode();
    for (int i = random.nextInt(7); i > 0; i--) {
      o.set(name(random), value(random, depth));
    }
    return o;
  }

  private static ArrayNode array(SplittableRandom random, int depth) {
    ArrayNode a = F.arrayNode();
    for (int i = random.nextInt(6); i > 0; i--) {
      a.add(value(random, depth));
    }
    return a;
  }

  private static String name(SplittableRandom random) {
    return List.of("a", "b", "c", "id", "items", "z", "\u00e9", "A", "tasks").get(random.nextInt(9)) + random.nextInt(4);
  }

  /** {@code node} with one change somewhere in it; every subtree off the changed path is shared. */
  private static JsonNode changed(JsonNode node, SplittableRandom random) {
    List<JsonNode> containers = new ArrayList<>();
    for (JsonNode child : node) {
      if (child.isContainerNode()) {
        containers.add(child);
      }
    }
    if (node.isObject()) {
      ObjectNode copy = F.objectNode();
      copy.setAll((ObjectNode) node);
      if (!containers.isEmpty() && random.nextInt(3) > 0) {
        JsonNode child = containers.get(random.nextInt(containers.size()));
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          if (member.getValue() == child) {
            copy.set(member.getKey(), changed(child, random));
            return copy;
          }
        }
      }
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      switch (random.nextInt(4)) {
        case 0 -> copy.set(name(random), value(random, 2));
        case 1 -> {
          if (!names.isEmpty()) {
            copy.remove(names.get(random.nextInt(names.size())));
          }
        }
        case 2 -> {
          if (!names.isEmpty()) {
            copy.set(names.get(random.nextInt(names.size())), value(random, 2));
          }
        }
        default -> {
          if (!names.isEmpty()) { // renamed
            String old = names.get(random.nextInt(names.size()));
            JsonNode v = copy.remove(old);
            copy.set(name(random), v);
          }
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = F.arrayNode();
      copy.addAll((ArrayNode) node);
      if (!containers.isEmpty() && random.nextInt(3) > 0) {
        JsonNode child = containers.get(random.nextInt(containers.size()));
        for (int i = 0; i < node.size(); i++) {
          if (node.get(i) == child) {
            copy.set(i, changed(child, random));
            return copy;
          }
        }
      }
      switch (random.nextInt(3)) {
        case 0 -> copy.insert(random.nextInt(copy.size() + 1), value(random, 2));
        case 1 -> {
          if (!copy.isEmpty()) {
            copy.remove(random.nextInt(copy.size()));
          }
        }
        default -> {
          if (!copy.isEmpty()) {
            copy.set(random.nextInt(copy.size()), value(random, 2));
          }
        }
      }
      return copy;
    }
    return value(random, 2);
  }
}
