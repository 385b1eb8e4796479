package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.server.ServerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowRulesTest {
  private static final JsonPointer TASK = JsonPointer.of("currentTask");
  private static final JsonPointer DOCS = JsonPointer.of("documentation");
  private static final JsonPointer OTHER = JsonPointer.of("other");

  @Test
  void layersFromTheDefaultsToTheAgentAtRunTime() {
    WindowRules rules = new WindowRules(ServerOptions.builder()
        .projectPriorityRules("p", PriorityRules.of(Map.of("/documentation", 12)))
        .agentPriorityRules("tester", PriorityRules.of(Map.of("/other", 20), 2))
        .build());
    assertThat(rules.effective("q", null).priorityOf(DOCS)).isEqualTo(5);
    assertThat(rules.effective("p", "").priorityOf(DOCS)).isEqualTo(12);
    assertThat(rules.effective("p", "").priorityOf(TASK)).as("the defaults stay").isEqualTo(10);
    PriorityRules tester = rules.effective("p", "tester");
    assertThat(tester.priorityOf(OTHER)).isEqualTo(20);
    assertThat(tester.priorityOf(DOCS)).isEqualTo(12);
    assertThat(tester.priorityOf(JsonPointer.of("unranked"))).isEqualTo(2);

    rules.set("p", "", PriorityRules.of(Map.of("/documentation", 1)));
    assertThat(rules.effective("p", "").priorityOf(DOCS)).as("run time over the options").isEqualTo(1);
    rules.set("p", "tester", PriorityRules.of(Map.of("/other", 30)));
    assertThat(rules.effective("p", "tester").priorityOf(OTHER)).isEqualTo(30);
    assertThat(rules.effective("q", "tester").priorityOf(OTHER)).as("run-time agent rules are per project").isEqualTo(20);
    assertThat(rules.remove("p", "")).isTrue();
    assertThat(rules.remove("p", "")).isFalse();
    assertThat(rules.effective("p", "").priorityOf(DOCS)).isEqualTo(12);
  }

  @Test
  void theRulesBodyIsParsedStrictly() {
    PriorityRules r = RulesEndpoint.parse(Fixtures.parse("{\"rules\": {\"/a/b\": 4, \"/c\": -1}, \"fallback\": 2}"));
    assertThat(r.priorityOf(JsonPointer.of("a", "b", "c"))).isEqualTo(4);
    assertThat(r.priorityOf(JsonPointer.of("c"))).isEqualTo(-1);
    assertThat(r.fallback()).isEqualTo(2);
    assertThat(RulesEndpoint.parse(Fixtures.parse("{\"rules\": {}}")).fallback()).isEqualTo(PriorityRules.DEFAULT_PRIORITY);
    for (String bad : new String[] {"{}", "[]", "{\"rules\": []}", "{\"rules\": {\"/a\": 1.5}}",
        "{\"rules\": {\"a\": 1}}", "{\"rules\": {}, \"fallback\": \"x\"}", "{\"rules\": {\"/a\": 99999999999}}"}) {
      assertThatThrownBy(() -> RulesEndpoint.parse(Fixtures.parse(bad))).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }
}
