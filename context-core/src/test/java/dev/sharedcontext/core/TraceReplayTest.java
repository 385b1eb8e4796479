package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Both real traces as {@code {"files": {path: content}}}: for every consecutive pair of versions
 * {@code diff} then {@code apply} (through the JSON form, as on the wire) gives exactly the next
 * version, and the rebuilt states' digests match the trace's meta file.
 */
class TraceReplayTest {
  static final List<String> TRACES = Trace.NAMES;

  @ParameterizedTest
  @FieldSource("TRACES")
  void diffThenApplyRebuildsEveryVersion(String name) {
    Trace trace = Trace.load(name);
    List<String> digests = new ArrayList<>();
    ContextDocument held = ContextDocument.empty();
    ContextDocument previous = ContextDocument.empty();
    long textEdits = 0;
    for (Trace.Version v : trace.versions()) {
      ContextDocument next = toDocument(v.state());
      Patch patch = Patch.parse(Patch.diff(previous, next).toJson());
      ContextDocument rebuilt = patch.apply(held);
      assertThat(rebuilt.hash()).as("version %d", v.version()).isEqualTo(next.hash());
      assertThat(patch.invert(held).apply(rebuilt)).as("undo of version %d", v.version()).isEqualTo(held);
      textEdits += patch.operations().stream().filter(op -> op instanceof PatchOperation.TextEdit).count();
      digests.add(TraceDigest.of(toState(rebuilt)));
      held = rebuilt;
      previous = next;
    }
    assertThat(digests.get(0)).isEqualTo(trace.metaText("sha256_v0"));
    assertThat(digests.get(digests.size() - 1)).isEqualTo(trace.metaText("sha256_last"));
    assertThat(TraceDigest.ofAll(digests)).isEqualTo(trace.metaText("sha256_all_versions"));
    assertThat(textEdits).as("edits of files travel as line edits").isGreaterThan(trace.size() / 2);
  }

  static ContextDocument toDocument(Map<String, String> state) {
    ObjectNode files = JsonNodeFactory.instance.objectNode();
    state.forEach(files::put);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("files", files);
    return ContextDocument.of(root);
  }

  static Map<String, String> toState(ContextDocument document) {
    Map<String, String> state = new TreeMap<>();
    JsonNode files = document.get("/files").orElseThrow();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      state.put(e.getKey(), e.getValue().textValue());
    }
    return state;
  }
}
