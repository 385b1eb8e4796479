package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The original system's diff shape over the top-level members of an object context:
 * {@code {"added": {k: v}, "modified": {k: v}, "removed": [k], "unchanged": [k]}}.
 *
 * <p>Accepted on {@code POST /diff} and produced as the {@code changes} field of a catch-up. It
 * can only describe object contexts and carries whole top-level values; prefer {@link Patch}.
 * Values are copied in and out.
 */
public record LegacyDiff(Map<String, JsonNode> added, Map<String, JsonNode> modified,
    List<String> removed, List<String> unchanged) {

  public LegacyDiff {
    added = copy(Objects.requireNonNull(added, "added"));
    modified = copy(Objects.requireNonNull(modified, "modified"));
    removed = List.copyOf(Objects.requireNonNull(removed, "removed"));
    unchanged = List.copyOf(Objects.requireNonNull(unchanged, "unchanged"));
  }

  private static Map<String, JsonNode> copy(Map<String, JsonNode> in) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value").deepCopy()));
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public Map<String, JsonNode> added() {
    return copy(added);
  }

  @Override
  public Map<String, JsonNode> modified() {
    return copy(modified);
  }

  /** The legacy diff between two object documents. */
  public static LegacyDiff between(ContextDocument before, ContextDocument after) {
    return LegacyDiffs.between(before, after);
  }

  /** True if {@code json} has the legacy shape (an object with only the four known members). */
  public static boolean looksLike(JsonNode json) {
    return LegacyDiffs.looksLike(json);
  }

  /**
   * Reads the legacy shape.
   *
   * @throws InvalidPatchException if it is not that shape
   */
  public static LegacyDiff fromJson(JsonNode json) {
    return LegacyDiffs.fromJson(json);
  }

  /** The legacy shape as a fresh JSON object. */
  public ObjectNode toJson() {
    return LegacyDiffs.toJson(this);
  }

  /** The same change as an RFC 6902 patch ({@code unchanged} is not needed and ignored). */
  public Patch toPatch() {
    return LegacyDiffs.toPatch(this);
  }
}
