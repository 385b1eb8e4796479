package dev.sharedcontext.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Token-budgeted windows: never over budget, nothing lost, priorities respected. */
class WindowTest {
  static final List<String> TRACES = Trace.NAMES;
  private static final TokenCounter COUNTER = TokenCounter.bpe();
  private static final PriorityRules TRACE_RULES = PriorityRules.of(Map.of(
      "/files/README.md", 9, "/files/readme.md", 9, "/files/source", 6, "/files/test", 2, "/files/doc", 3));

  @Test
  void aContextThatFitsIsShownWhole() {
    ContextDocument doc = ContextDocument.parse("{\"currentTask\":\"fix the build\",\"metadata\":{\"owner\":\"a\"}}");
    Window w = Window.of(doc, new WindowRequest("p", 3, 2000, PriorityRules.defaults()), COUNTER);
    assertThat(w.complete()).isTrue();
    assertThat(w.references()).isEmpty();
    assertThat(w.context()).isEqualTo(doc);
    assertThat(w.tokens()).isEqualTo(COUNTER.count(w.toJson()));
  }

  @Test
  void theDefaultTableKeepsTheCurrentTaskBeforeHistory() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("currentTask", "implement the window\n" + "details ".repeat(50));
    root.put("history", "old entry\n".repeat(400));
    root.put("metadata", "m ".repeat(300));
    root.put("documentation", "doc line\n".repeat(100));
    ContextDocument doc = ContextDocument.of(root);
    Window w = Window.of(doc, new WindowRequest("p", 1, 600, PriorityRules.defaults()), COUNTER);
    assertThat(w.tokens()).isLessThanOrEqualTo(600).isEqualTo(COUNTER.count(w.toJson()));
    assertThat(w.context().get("/currentTask")).contains(root.get("currentTask"));
    assertThat(w.references()).extracting(WindowReference::path).contains("/history", "/metadata");
    JsonNode ref = w.context().get("/history").orElseThrow();
    assertThat(ref.get("$ref").textValue()).isEqualTo("/history");
    assertThat(ref.get("summary").textValue()).isEqualTo("old entry");
    assertThat(ref.get("version").longValue()).isEqualTo(1);
    assertThat(w.references()).allSatisfy(r ->
        assertThat(r.ref()).startsWith("/context/p/ref?path=%2F").endsWith("&version=1"));
  }

  @Test
  void budgetsBelowTheMinimumAreRefused() {
    assertThatThrownBy(() -> new WindowRequest("p", 1, 10, PriorityRules.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
  }

  @Test
  void aTinyBudgetStillGetsAReferenceToEverything() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < 50; i++) {
      root.put("member" + i, "text of member " + i + "\n".repeat(3));
    }
    ContextDocument doc = ContextDocument.of(root);
    Window w = Window.of(doc, new WindowRequest("p", 7, WindowRequest.MIN_BUDGET, PriorityRules.defaults()), COUNTER);
    assertThat(w.tokens()).isLessThanOrEqualTo(WindowRequest.MIN_BUDGET).isEqualTo(COUNTER.count(w.toJson()));
    assertThat(w.references()).singleElement().satisfies(r -> assertThat(r.path()).isEmpty());
  }

  @ParameterizedTest
  @FieldSource("TRACES")
  void traceWindowsFitResolveAndRespectPriorities(String name) {
    Trace trace = Trace.load(name);
    for (int v = 0; v < trace.size(); v += 23) {
      ContextDocument doc = ContextDocument.of(TraceContexts.toJson(trace.version(v).state()));
      for (int budget : new int[] {2_000, 8_000, 32_000}) {
        Window w = Window.of(doc, new WindowRequest("trace", v + 1, budget, TRACE_RULES), COUNTER);
        String what = name + " v" + v + " budget " + budget;
        assertThat(w.tokens()).as(what).isLessThanOrEqualTo(budget).isEqualTo(COUNTER.count(w.toJson()));
        for (WindowReference r : w.references()) {
          assertThat(doc.get(r.path())).as("%s ref %s", what, r.path()).isPresent();
          assertThat(COUNTER.count(doc.get(r.path()).orElseThrow())).isEqualTo(r.tokens());
        }
        assertPrioritiesRespected(doc, w, what);
      }
    }
  }

  /** No part outside the window has a higher priority than a part inside it. */
  private static void assertPrioritiesRespected(ContextDocument doc, Window w, String what) {
    Set<String> referenced = new HashSet<>();
    w.references().forEach(r -> referenced.add(r.path()));
    int maxOut = Integer.MIN_VALUE;
    int minIn = Integer.MAX_VALUE;
    JsonNode files = doc.get("/files").orElseThrow();
    for (Iterator<String> it = files.fieldNames(); it.hasNext(); ) {
      JsonPointer path = JsonPointer.of("files", it.next());
      int priority = TRACE_RULES.priorityOf(path);
      boolean out = referenced.contains(path.toString()) || referenced.contains("/files") || referenced.contains("");
      if (out) {
        maxOut = Math.max(maxOut, priority);
      } else {
        minIn = Math.min(minIn, priority);
      }
    }
    if (maxOut != Integer.MIN_VALUE && minIn != Integer.MAX_VALUE) {
      assertThat(maxOut).as(what).isLessThanOrEqualTo(minIn);
    }
  }

}
