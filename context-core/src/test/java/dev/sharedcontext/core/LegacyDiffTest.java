package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The original system's {@code {added, modified, removed, unchanged}} shape. */
class LegacyDiffTest {

  private static ContextDocument doc(String json) {
    return ContextDocument.parse(json.replace('\'', '"'));
  }

  private static JsonNode json(String json) {
    return doc(json).toJsonNode();
  }

  @Test
  void describesTopLevelChanges() {
    ContextDocument before = doc("{'a':1,'b':{'x':1},'c':'same','d':true}");
    ContextDocument after = doc("{'b':{'x':2},'c':'same','d':true,'e':[1]}");
    LegacyDiff diff = LegacyDiff.between(before, after);
    assertThat(diff.toJson()).isEqualTo(json(
        "{'added':{'e':[1]},'modified':{'b':{'x':2}},'removed':['a'],'unchanged':['c','d']}"));
    assertThat(diff.toPatch().apply(before)).isEqualTo(after);
    assertThat(Patch.diff(before, after).toLegacyDiff(before)).isEqualTo(diff);
  }

  @Test
  void readsTheWireShape() {
    JsonNode wire = json("{'added':{'n':1},'modified':{'m':'v'},'removed':['r']}");
    assertThat(LegacyDiff.looksLike(wire)).isTrue();
    LegacyDiff diff = LegacyDiff.fromJson(wire);
    assertThat(diff.toPatch().apply(doc("{'m':'old','r':0}"))).isEqualTo(doc("{'m':'v','n':1}"));
  }

  @Test
  void otherShapesAreNotLegacyDiffs() {
    assertThat(LegacyDiff.looksLike(json("{}"))).isFalse();
    assertThat(LegacyDiff.looksLike(json("{'patch':[]}"))).isFalse();
    assertThat(LegacyDiff.looksLike(json("{'added':{},'other':1}"))).isFalse();
    assertThat(LegacyDiff.looksLike(json("[]"))).isFalse();
  }

  @Test
  void badMembersAreInvalidPatches() {
    assertThatThrownBy(() -> LegacyDiff.fromJson(json("{'added':[1]}"))).isInstanceOf(InvalidPatchException.class);
    assertThatThrownBy(() -> LegacyDiff.fromJson(json("{'removed':[1]}"))).isInstanceOf(InvalidPatchException.class);
    assertThatThrownBy(() -> LegacyDiff.fromJson(json("{'removed':['a'],'added':{'a':1}}")))
        .isInstanceOf(InvalidPatchException.class);
  }

  @Test
  void removingAnAbsentMemberFails() {
    LegacyDiff diff = LegacyDiff.fromJson(json("{'removed':['gone']}"));
    assertThatThrownBy(() -> diff.toPatch().apply(doc("{'a':1}"))).isInstanceOf(PatchFailedException.class);
  }

  @Test
  void onlyObjectContextsHaveALegacyDiff() {
    assertThatThrownBy(() -> LegacyDiff.between(doc("[1]"), doc("{}"))).isInstanceOf(InvalidInputException.class);
  }
}
