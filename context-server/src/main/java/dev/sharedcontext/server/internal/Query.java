package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.InvalidInputException;
import java.util.List;
import java.util.Map;

/** Typed access to query parameters; every malformed value is a 400 naming the parameter. */
final class Query {
  /** A target without a query string. */
  static final Query NONE = new Query(Map.of());

  private final Map<String, List<String>> params;

  Query(Map<String, List<String>> params) {
    this.params = params;
  }

  /** The value of {@code name}, or null; more than one value is a 400. */
  String get(String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new InvalidInputException("query parameter '" + name + "' is given more than once");
    }
    return values.get(0);
  }

  boolean has(String name) {
    return params.containsKey(name);
  }

  /** A long of at least {@code min}, or null when absent. */
  Long getLong(String name, long min) {
    String raw = get(name);
    if (raw == null) {
      return null;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("query parameter '" + name + "' must be an integer, not '" + Route.abbreviate(raw) + "'");
    }
    if (value < min) {
      throw new InvalidInputException("query parameter '" + name + "' must be at least " + min + ": " + value);
    }
    return value;
  }

  /** An agent id: at most 256 characters without control characters; null when absent. */
  String agentId(String name) {
    return Bodies.checkAgentId(get(name));
  }
}
