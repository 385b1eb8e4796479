package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonPointerTest {

  @Test
  void equalTokensAreEqualWithEqualHashes() {
    JsonPointer parsed = JsonPointer.parse("/files/a~1b/0");
    JsonPointer built = new JsonPointer(new ArrayList<>(List.of("files", "a/b", "0")));
    assertThat(parsed).isEqualTo(built);
    assertThat(parsed.hashCode()).isEqualTo(built.hashCode());
    assertThat(JsonPointer.parse("")).isEqualTo(JsonPointer.ROOT).hasSameHashCodeAs(JsonPointer.ROOT);
  }

  @Test
  void differentTokensOrOtherTypesAreNotEqual() {
    JsonPointer a = JsonPointer.parse("/files/a");
    assertThat(a).isNotEqualTo(JsonPointer.parse("/files/b"))
        .isNotEqualTo(JsonPointer.parse("/files"))
        .isNotEqualTo(JsonPointer.parse("/files/a/0"))
        .isNotEqualTo(JsonPointer.ROOT)
        .isNotEqualTo("/files/a")
        .isNotEqualTo(null);
  }

  @Test
  void aSetOfPointersKeepsOnePerPath() {
    Set<JsonPointer> set = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      set.add(JsonPointer.parse("/files/f" + (i % 100)));
    }
    assertThat(set).hasSize(100).contains(JsonPointer.parse("/files/f7"));
  }
}
