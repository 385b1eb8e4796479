package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The patch algebra over seeded random documents (each seed is one case, so a failure names the
 * seed that reproduces it).
 */
class PatchPropertyTest {

  static LongStream seeds() {
    return LongStream.range(0, 400);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void diffThenApplyGivesTheTarget(long seed) {
    RandomJson random = new RandomJson(seed);
    JsonNode a = random.document();
    JsonNode b = random.mutate(a);
    ContextDocument docA = ContextDocument.of(a);
    ContextDocument docB = ContextDocument.of(b);
    Patch p = Patch.diff(docA, docB);
    ContextDocument rebuilt = p.apply(docA);
    assertThat(rebuilt).isEqualTo(docB);
    assertThat(rebuilt.hash()).isEqualTo(docB.hash());
    assertThat(ContextDocument.parse(rebuilt.canonicalJson()).hash()).isEqualTo(docB.hash());
    assertThat(Patch.diff(docA, docA).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theJsonFormRoundTrips(long seed) {
    RandomJson random = new RandomJson(seed);
    ContextDocument a = ContextDocument.of(random.document());
    ContextDocument b = ContextDocument.of(random.mutate(InternalView.tree(a)));
    Patch p = Patch.diff(a, b);
    Patch reread = Patch.parse(p.toJson());
    assertThat(reread).isEqualTo(p);
    assertThat(reread.apply(a)).isEqualTo(b);
    assertThat(Patch.fromJson(p.toJsonNode())).isEqualTo(p);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void invertUndoes(long seed) {
    RandomJson random = new RandomJson(seed);
    ContextDocument a = ContextDocument.of(random.document());
    ContextDocument b = ContextDocument.of(random.mutate(InternalView.tree(a)));
    for (Patch p : List.of(Patch.diff(a, b), handWritten(random, a))) {
      ContextDocument after = p.apply(a);
      Patch inverse = p.invert(a);
      assertThat(inverse.apply(after)).as("invert of %s", p).isEqualTo(a);
      assertThat(inverse.apply(after).hash()).isEqualTo(a.hash());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void composeEqualsSequentialApply(long seed) {
    RandomJson random = new RandomJson(seed);
    ContextDocument a = ContextDocument.of(random.document());
    ContextDocument b = ContextDocument.of(random.mutate(InternalView.tree(a)));
    ContextDocument c = ContextDocument.of(random.mutate(InternalView.tree(b)));
    Patch p = Patch.diff(a, b);
    Patch q = Patch.diff(b, c);
    assertThat(Patch.compose(p, q).apply(a)).isEqualTo(c);
    Patch r = handWritten(random, c);
    assertThat(Patch.compose(Patch.compose(p, q), r).apply(a)).isEqualTo(r.apply(c));
    assertThat(Patch.compose(p, Patch.compose(q, r)).apply(a)).isEqualTo(r.apply(c));
  }

  /**
   * A valid patch built by hand rather than by diff: sets, edits, removes, moves and copies of
   * top-level members, including operations on the same member one after another (what compose
   * folds).
   */
  private static Patch handWritten(RandomJson random, ContextDocument doc) {
    JsonNode tree = InternalView.tree(doc);
    if (!tree.isObject()) {
      return Patch.of(new PatchOperation.Replace(JsonPointer.ROOT, random.document()));
    }
    List<String> names = new ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    List<PatchOperation> ops = new ArrayList<>();
    String target = "h" + random.random().nextInt(3);
    String text = random.text() + "end\n";
    ops.add(new PatchOperation.Add(JsonPointer.of(target), com.fasterxml.jackson.databind.node.TextNode.valueOf(text)));
    ops.add(new PatchOperation.TextEdit(JsonPointer.of(target), List.of(new TextHunk(0, 0, "first\n"))));
    ops.add(new PatchOperation.Replace(JsonPointer.of(target),
        com.fasterxml.jackson.databind.node.TextNode.valueOf(random.editLines(text))));
    if (!names.isEmpty()) {
      String pick = names.get(random.random().nextInt(names.size()));
      ops.add(new PatchOperation.Copy(JsonPointer.of(pick), JsonPointer.of("copy")));
      ops.add(new PatchOperation.Move(JsonPointer.of(pick), JsonPointer.of("moved")));
      ops.add(new PatchOperation.Test(JsonPointer.of("moved"), tree.get(pick)));
      ops.add(new PatchOperation.Replace(JsonPointer.of("copy"), com.fasterxml.jackson.databind.node.IntNode.valueOf(7)));
      ops.add(new PatchOperation.Remove(JsonPointer.of("copy")));
    }
    return Patch.of(ops);
  }
}
