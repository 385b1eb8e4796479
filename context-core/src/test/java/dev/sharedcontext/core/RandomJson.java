package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Seeded random JSON documents and random edits of them, for property tests. */
final class RandomJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] NAMES = {"a", "b", "files", "x/y", "t~1", "", "0", "-", "long name", "ü"};
  private static final String[] WORDS = {"alpha", "beta", "gamma", "\"quoted\"", "tab\there", "é", "😀", "-", ""};

  private final Random random;

  RandomJson(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  JsonNode document() {
    ObjectNode root = NODES.objectNode();
    int n = 1 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      root.set(name(), value(3));
    }
    return root;
  }

  JsonNode value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 5 : 8);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> random.nextBoolean() ? NODES.numberNode(random.nextInt(2000) - 1000)
          : NODES.numberNode(Math.round(random.nextGaussian() * 1e6) / 1e3);
      case 3 -> NODES.textNode(word());
      case 4 -> NODES.textNode(text());
      case 5, 6 -> {
        ObjectNode o = NODES.objectNode();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          o.set(name(), value(depth - 1));
        }
        yield o;
      }
      default -> {
        ArrayNode a = NODES.arrayNode();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          a.add(value(depth - 1));
        }
        yield a;
      }
    };
  }

  String name() {
    return random.nextInt(4) == 0 ? "k" + random.nextInt(50) : NAMES[random.nextInt(NAMES.length)];
  }

  String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  /** Multi-line text, sometimes with CRLF and sometimes without a final line break. */
  String text() {
    int lines = random.nextInt(40);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      out.append("line ").append(random.nextInt(30)).append(' ').append(word());
      out.append(random.nextInt(8) == 0 ? "\r\n" : "\n");
    }
    if (random.nextBoolean()) {
      out.append("tail ").append(word());
    }
    return out.toString();
  }

  /** A copy of {@code node} with a few random changes at random depths. */
  JsonNode mutate(JsonNode node) {
    JsonNode copy = node.deepCopy();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      copy = mutateOnce(copy, 0);
    }
    return copy;
  }

  private JsonNode mutateOnce(JsonNode node, int depth) {
    if (node instanceof ObjectNode o && !o.isEmpty() && (depth == 0 || random.nextInt(3) > 0)) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      String pick = names.get(random.nextInt(names.size()));
      switch (random.nextInt(4)) {
        case 0 -> o.remove(pick);
        case 1 -> o.set(name(), value(2));
        case 2 -> o.set(name(), o.get(pick)); // a copy or a rename
        default -> o.set(pick, mutateOnce(o.get(pick), depth + 1));
      }
      return o;
    }
    if (node instanceof ArrayNode a && random.nextInt(3) > 0) {
      int size = a.size();
      switch (random.nextInt(4)) {
        case 0 -> { if (size > 0) { a.remove(random.nextInt(size)); } }
        case 1 -> a.insert(random.nextInt(size + 1), value(2));
        case 2 -> { if (size > 1) { JsonNode x = a.remove(random.nextInt(size)); a.insert(random.nextInt(size), x); } }
        default -> { if (size > 0) { int i = random.nextInt(size); a.set(i, mutateOnce(a.get(i), depth + 1)); } }
      }
      return a;
    }
    if (node.isTextual() && random.nextBoolean()) {
      return NODES.textNode(editLines(node.textValue()));
    }
    return value(2);
  }

  /** {@code s} with a few lines inserted, deleted or changed. */
  String editLines(String s) {
    List<String> lines = new ArrayList<>(TextLines.split(s));
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(lines.size() + 1);
      switch (random.nextInt(3)) {
        case 0 -> lines.add(at, "new " + word() + "\n");
        case 1 -> { if (at < lines.size()) { lines.remove(at); } }
        default -> { if (at < lines.size()) { lines.set(at, "changed " + word() + (random.nextBoolean() ? "\n" : "")); } }
      }
    }
    return String.join("", lines);
  }
}
