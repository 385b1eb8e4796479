package dev.sharedcontext.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/** Seeded random JSON values within the canonical form's range, with awkward strings and numbers. */
final class RandomJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] PIECES = {"a", "Z", " ", "\"", "\\", "\n", "\t", "\u0000", "\u001f", "é", "東京",
      "😀", "\u2028", "/", "{", "}", ":", ",", "word", "  indented", "<|endoftext|>"};
  private static final double[] DOUBLES = {0.1, -0.0, 1e21, 1e-7, 123.456, -2.5e-300, 5e-324, 1.7976931348623157e308,
      9007199254740993.0, 0.000001};

  private final Random random;

  RandomJson(long seed) {
    this.random = new Random(seed);
  }

  JsonNode value(int depth) {
    int kind = random.nextInt(depth > 4 ? 6 : 9);
    return switch (kind) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(random.nextBoolean());
      case 2 -> F.numberNode(random.nextLong() % 9_007_199_254_740_991L);
      case 3 -> F.numberNode(random.nextBoolean() ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextDouble() * 1e6);
      case 4, 5 -> F.textNode(string());
      case 6 -> {
        ArrayNode array = F.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(depth + 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = F.objectNode();
        for (int i = random.nextInt(5); i > 0; i--) {
          object.set(string(), value(depth + 1));
        }
        yield object;
      }
    };
  }

  String string() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }
}
