package dev.sharedcontext.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.internal.WindowBuilder;
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
    for (String left : List.of("/history", "/metadata")) {
      assertThat(shown(w, JsonPointer.parse(left))).as(left).isFalse();
      // referenced on its own, or with the other left-out members of the root in one reference
      assertThat(w.references()).extracting(WindowReference::path).containsAnyOf(left, "");
    }
    JsonNode ref = w.context().get("/history").or(() -> w.context().get("/$rest")).orElseThrow();
    assertThat(ref.get("version").longValue()).isEqualTo(1);
    assertThat(ref.get("summary").textValue()).isIn("old entry", "2 of 4 members not shown: history, metadata");
    assertThat(w.references()).allSatisfy(r ->
        assertThat(r.ref()).startsWith("/context/p/ref?path=").endsWith("&version=1"));
  }

  /**
   * A reference's summary is cut to 80 chars; a cut between the halves of a surrogate pair left a
   * lone half, and the wire form was then refused as a document (a 400 for a valid context).
   */
  @Test
  void aSummaryCutNextToAnEmojiKeepsThePairWhole() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    // Each large file beside a small one that the window keeps: each is left out alone, with a
    // reference (and summary) of its own.
    root.putObject("p").put("a.txt", "x".repeat(78) + "😀 and then more text\n" + "filler words here ".repeat(400))
        .put("s", "a short one");
    root.putObject("q").put("b.txt", "y".repeat(79) + "😀 and more\n" + "other filler words ".repeat(400))
        .put("t", "another short one");
    ContextDocument doc = ContextDocument.of(root);
    Window w = Window.of(doc, new WindowRequest("p", 1, 600, PriorityRules.defaults()), COUNTER);
    assertThat(w.references()).extracting(WindowReference::summary)
        .contains("x".repeat(78) + "…", "y".repeat(79) + "…");
    ContextDocument wire = ContextDocument.of(w.toJson());
    assertThat(ContextDocument.parse(wire.canonicalJson())).isEqualTo(wire);
    assertThat(WindowBuilder.wireDocument(w)).isEqualTo(wire);
  }

  /** The server's wire document (no copies, the source's encodings) is the public wire form's. */
  @Test
  void theWireDocumentIsTheWireForm() {
    Trace trace = Trace.load(TRACES.get(0));
    for (int v = 0; v < trace.size(); v += 37) {
      ContextDocument doc = ContextDocument.of(TraceContexts.toJson(trace.version(v).state()));
      doc.hash(); // as in the store: the document has its own encodings
      for (int budget : new int[] {WindowRequest.MIN_BUDGET, 2_000, 32_000}) {
        Window w = Window.of(doc, new WindowRequest("p", v + 1, budget, TRACE_RULES), COUNTER);
        ContextDocument fromCode = WindowBuilder.wireDocument(w);
        ContextDocument copied = ContextDocument.of(w.toJson());
        assertThat(fromCode.hash()).as("version %d at %d", v, budget).isEqualTo(copied.hash());
        assertThat(fromCode.canonicalBytes()).isEqualTo(copied.canonicalBytes());
      }
    }
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
    int maxOut = Integer.MIN_VALUE;
    int minIn = Integer.MAX_VALUE;
    JsonNode files = doc.get("/files").orElseThrow();
    for (Iterator<String> it = files.fieldNames(); it.hasNext(); ) {
      JsonPointer path = JsonPointer.of("files", it.next());
      int priority = TRACE_RULES.priorityOf(path);
      if (shown(w, path)) {
        minIn = Math.min(minIn, priority);
      } else {
        maxOut = Math.max(maxOut, priority);
      }
    }
    if (maxOut != Integer.MIN_VALUE && minIn != Integer.MAX_VALUE) {
      assertThat(maxOut).as(what).isLessThanOrEqualTo(minIn);
    }
  }

  /** True if the window holds the value at {@code path} itself, not a reference in its place. */
  private static boolean shown(Window w, JsonPointer path) {
    JsonNode value = w.context().get(path.toString()).orElse(null);
    return value != null && !(value.isObject() && value.has("$ref"));
  }

  @Test
  void manySmallPartsShareOneReferenceSoThatSomeAreShown() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("currentTask", "ship the window");
    ObjectNode files = root.putObject("files");
    for (int i = 0; i < 120; i++) {
      files.put(String.format("src/file%03d.ts", i), ("export const value" + i + " = " + i + ";\n").repeat(4 + i % 7));
    }
    ContextDocument doc = ContextDocument.of(root);
    Window w = Window.of(doc, new WindowRequest("p", 2, 1_000, PriorityRules.defaults()), COUNTER);
    assertThat(w.tokens()).isLessThanOrEqualTo(1_000).isEqualTo(COUNTER.count(w.toJson()));
    assertThat(w.context().get("/currentTask")).contains(root.get("currentTask"));
    JsonNode shownFiles = w.context().get("/files").orElseThrow();
    JsonNode rest = shownFiles.get("$rest");
    assertThat(rest.get("$ref").textValue()).isEqualTo("/files");
    assertThat(rest.get("summary").textValue()).matches("\\d+ of 120 members not shown: src/file\\d+\\.ts, .*");
    int kept = shownFiles.size() - 1;
    assertThat(kept).as("files shown beside the shared reference").isGreaterThan(5);
    // Smallest first within a priority: every file shown is at most as large as every file left out.
    long largestShown = 0;
    long smallestLeft = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      long tokens = COUNTER.count(f.getValue());
      if (shownFiles.has(f.getKey())) {
        assertThat(shownFiles.get(f.getKey())).isEqualTo(f.getValue());
        largestShown = Math.max(largestShown, tokens);
      } else {
        smallestLeft = Math.min(smallestLeft, tokens);
      }
    }
    assertThat(largestShown).isLessThanOrEqualTo(smallestLeft);
    assertThat(w.references()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/files");
      assertThat(r.tokens()).isEqualTo(COUNTER.count(files));
    });
  }

  @Test
  void anObjectWithARealRestMemberKeepsOneReferencePerPart() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < 8; i++) {
      root.put("part" + i, ("line " + i + " of a part that is long enough to be left out\n").repeat(20 + i));
    }
    root.put("$rest", "a member that happens to have the reserved name");
    ContextDocument doc = ContextDocument.of(root);
    Window w = Window.of(doc, new WindowRequest("p", 1, 1_200, PriorityRules.defaults()), COUNTER);
    assertThat(w.tokens()).isLessThanOrEqualTo(1_200);
    assertThat(w.references()).isNotEmpty().noneSatisfy(r -> assertThat(r.path()).isEqualTo(""));
    JsonNode rest = w.context().get("/$rest").orElseThrow();
    assertThat(rest.isTextual() ? rest.textValue() : rest.get("$ref").textValue())
        .isIn(root.get("$rest").textValue(), "/$rest");
  }
}
