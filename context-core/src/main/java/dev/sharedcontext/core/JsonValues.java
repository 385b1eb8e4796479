package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** Value equality of JSON trees as RFC 6902 §4.6 defines it for {@code test}. */
final class JsonValues {
  /**
   * Numbers compare by mathematical value ({@code 1} equals {@code 1.0}), everything else by
   * Jackson's structural equality, which already ignores member order.
   */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private JsonValues() {}

  static boolean equal(JsonNode a, JsonNode b) {
    return a == b || a.equals(NUMBERS_BY_VALUE, b);
  }
}
