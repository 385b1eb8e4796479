package dev.sharedcontext.core.window;

import dev.sharedcontext.core.JsonPointer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How much each part of a context matters when a window must leave parts out: priorities on
 * JSON-pointer prefixes, the longest matching prefix deciding. Higher is kept first.
 *
 * <p>{@link #defaults()} is the table of the original system: {@code /currentTask} 10,
 * {@code /recentChanges} 9, {@code /projectStructure} 8, {@code /dependencies} 7,
 * {@code /completedTasks} 6, {@code /documentation} 5, {@code /history} 4, {@code /metadata} 3;
 * anything else {@value #DEFAULT_PRIORITY}. Immutable and thread-safe.
 */
public final class PriorityRules {
  /** The priority of a path no rule matches. */
  public static final int DEFAULT_PRIORITY = 1;

  private static final PriorityRules DEFAULTS = new PriorityRules(defaultTable(), DEFAULT_PRIORITY);

  private final Map<JsonPointer, Integer> rules;
  private final int fallback;

  private PriorityRules(Map<JsonPointer, Integer> rules, int fallback) {
    this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    this.fallback = fallback;
  }

  private static Map<JsonPointer, Integer> defaultTable() {
    Map<JsonPointer, Integer> t = new LinkedHashMap<>();
    t.put(JsonPointer.of("currentTask"), 10);
    t.put(JsonPointer.of("recentChanges"), 9);
    t.put(JsonPointer.of("projectStructure"), 8);
    t.put(JsonPointer.of("dependencies"), 7);
    t.put(JsonPointer.of("completedTasks"), 6);
    t.put(JsonPointer.of("documentation"), 5);
    t.put(JsonPointer.of("history"), 4);
    t.put(JsonPointer.of("metadata"), 3);
    return t;
  }

  /** The original system's table (see the class comment). */
  public static PriorityRules defaults() {
    return DEFAULTS;
  }

  /** Rules from pointer strings to priorities, with {@link #DEFAULT_PRIORITY} for the rest. */
  public static PriorityRules of(Map<String, Integer> rules) {
    return of(rules, DEFAULT_PRIORITY);
  }

  /**
   * Rules from pointer strings (RFC 6901) to priorities, and the priority of unmatched paths.
   *
   * @throws dev.sharedcontext.core.InvalidPatchException if a key is not a valid pointer
   */
  public static PriorityRules of(Map<String, Integer> rules, int fallback) {
    Objects.requireNonNull(rules, "rules");
    Map<JsonPointer, Integer> parsed = new LinkedHashMap<>();
    rules.forEach((pointer, priority) -> parsed.put(JsonPointer.parse(pointer), Objects.requireNonNull(priority, pointer)));
    return new PriorityRules(parsed, fallback);
  }

  /** These rules with {@code overrides} on top (an agent's rules over a project's, say). */
  public PriorityRules with(PriorityRules overrides) {
    Map<JsonPointer, Integer> merged = new LinkedHashMap<>(rules);
    merged.putAll(overrides.rules);
    return new PriorityRules(merged, overrides.fallback);
  }

  /** The priority of {@code path}: the rule with the longest prefix of it, else the fallback. */
  public int priorityOf(JsonPointer path) {
    int best = -1;
    int priority = fallback;
    for (Map.Entry<JsonPointer, Integer> rule : rules.entrySet()) {
      JsonPointer prefix = rule.getKey();
      if (prefix.tokens().size() > best && prefix.isPrefixOf(path)) {
        best = prefix.tokens().size();
        priority = rule.getValue();
      }
    }
    return priority;
  }

  /** The rules as pointer strings to priorities, in the order given. */
  public Map<String, Integer> asMap() {
    Map<String, Integer> out = new LinkedHashMap<>();
    rules.forEach((k, v) -> out.put(k.toString(), v));
    return Collections.unmodifiableMap(out);
  }

  /** The priority of paths no rule matches. */
  public int fallback() {
    return fallback;
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof PriorityRules p && p.rules.equals(rules) && p.fallback == fallback;
  }

  @Override
  public int hashCode() {
    return rules.hashCode() * 31 + fallback;
  }

  @Override
  public String toString() {
    return "PriorityRules" + asMap() + " else " + fallback;
  }
}
