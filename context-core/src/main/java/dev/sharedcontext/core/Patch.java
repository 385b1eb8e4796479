package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered list of {@link PatchOperation}s: RFC 6902 JSON Patch plus the {@code x-text}
 * extension for line edits of large strings.
 *
 * <p>Applying is atomic: either every operation applies and a new document is returned, or a
 * {@link PatchFailedException} is thrown and nothing changed (documents are immutable anyway).
 *
 * <p>Immutable and thread-safe.
 */
public final class Patch {

  private static final Patch EMPTY = new Patch(List.of());

  private final List<PatchOperation> operations;

  private Patch(List<PatchOperation> operations) {
    this.operations = operations;
  }

  /** A patch of the given operations, in order. */
  public static Patch of(List<? extends PatchOperation> operations) {
    Objects.requireNonNull(operations, "operations");
    return operations.isEmpty() ? EMPTY : new Patch(List.copyOf(operations));
  }

  /** A patch of the given operations, in order. */
  public static Patch of(PatchOperation... operations) {
    return of(List.of(operations));
  }

  /** The patch that changes nothing. */
  public static Patch empty() {
    return EMPTY;
  }

  /** Parses the JSON form (an array of operations) with {@link JsonLimits#DEFAULTS}. */
  public static Patch parse(String json) {
    return parse(json, JsonLimits.DEFAULTS);
  }

  /**
   * Parses the JSON form.
   *
   * @throws InvalidPatchException if it is not a valid patch
   */
  public static Patch parse(String json, JsonLimits limits) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = Json.parse(json, limits);
    } catch (InvalidPatchException | LimitExceededException e) {
      throw e;
    } catch (InvalidInputException e) {
      throw new InvalidPatchException("patch is not valid JSON: " + e.getMessage(), e);
    }
    return PatchJson.read(node);
  }

  /**
   * Reads the JSON form from a tree (it is copied).
   *
   * @throws InvalidPatchException if it is not a valid patch
   */
  public static Patch fromJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    return PatchJson.read(json);
  }

  /**
   * A patch that takes {@code from} to {@code to}: member-wise for objects, by longest common
   * subsequence for arrays, and {@code x-text} for strings where that is smaller than a
   * {@code replace}. {@code diff(a, b).apply(a)} equals {@code b}.
   */
  public static Patch diff(ContextDocument from, ContextDocument to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return PatchDiffer.diff(from, to);
  }

  /**
   * A patch with the effect of {@code first} then {@code second}:
   * {@code compose(p, q).apply(a)} equals {@code q.apply(p.apply(a))}.
   */
  public static Patch compose(Patch first, Patch second) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    return PatchComposer.compose(first, second);
  }

  /** The operations, in order; unmodifiable. */
  public List<PatchOperation> operations() {
    return operations;
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }

  public int size() {
    return operations.size();
  }

  /**
   * Applies this patch to {@code document}.
   *
   * @throws PatchFailedException if an operation does not apply; {@code document} is unchanged
   */
  public ContextDocument apply(ContextDocument document) {
    Objects.requireNonNull(document, "document");
    return PatchApplier.apply(this, document);
  }

  /**
   * The patch that undoes this one: {@code p.invert(a).apply(p.apply(a))} equals {@code a}.
   *
   * @param before the document this patch applies to
   * @throws PatchFailedException if this patch does not apply to {@code before}
   */
  public Patch invert(ContextDocument before) {
    Objects.requireNonNull(before, "before");
    return PatchInverter.invert(this, before);
  }

  /**
   * Applies this patch and also returns the patch that undoes it, in one pass (cheaper than
   * {@link #apply} then {@link #invert}).
   *
   * @throws PatchFailedException if an operation does not apply; {@code document} is unchanged
   */
  public Applied applyInvertible(ContextDocument document) {
    Objects.requireNonNull(document, "document");
    return PatchInverter.applyInvertible(this, document);
  }

  /**
   * A patch's result and its inverse.
   *
   * @param document the patched document
   * @param inverse the patch that takes {@code document} back to the one patched
   */
  public record Applied(ContextDocument document, Patch inverse) {
    public Applied {
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(inverse, "inverse");
    }
  }

  /**
   * Every location this patch changes or reads ({@code path}, and {@code from} of move and
   * copy), in order of first appearance. Two patches whose paths do not {@linkplain
   * JsonPointer#overlaps overlap} commute.
   */
  public Set<JsonPointer> paths() {
    Set<JsonPointer> paths = new LinkedHashSet<>();
    for (PatchOperation op : operations) {
      if (op instanceof PatchOperation.Move m) {
        paths.add(m.from());
      } else if (op instanceof PatchOperation.Copy c) {
        paths.add(c.from());
      }
      paths.add(op.path());
    }
    return paths;
  }

  /** The legacy {@code {added, modified, removed, unchanged}} form of this patch's effect on {@code before}. */
  public LegacyDiff toLegacyDiff(ContextDocument before) {
    return LegacyDiff.between(before, apply(before));
  }

  /** The JSON form as a fresh array. */
  public ArrayNode toJsonNode() {
    return PatchJson.write(this);
  }

  /** The JSON form as compact text. */
  public String toJson() {
    return PatchJson.writeString(this);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Patch p && operations.equals(p.operations));
  }

  @Override
  public int hashCode() {
    return operations.hashCode();
  }

  @Override
  public String toString() {
    String json = toJson();
    return json.length() <= 200 ? json : json.substring(0, 197) + "...";
  }
}
