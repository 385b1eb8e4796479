package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import dev.sharedcontext.traces.TraceDigest;
import java.util.ArrayList;
import java.util.List;
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
      ContextDocument next = ContextDocument.of(TraceContexts.toJson(v.state()));
      Patch patch = Patch.parse(Patch.diff(previous, next).toJson());
      ContextDocument rebuilt = patch.apply(held);
      assertThat(rebuilt.hash()).as("version %d", v.version()).isEqualTo(next.hash());
      assertThat(patch.invert(held).apply(rebuilt)).as("undo of version %d", v.version()).isEqualTo(held);
      textEdits += patch.operations().stream().filter(op -> op instanceof PatchOperation.TextEdit).count();
      digests.add(TraceDigest.of(TraceContexts.toState(rebuilt.toJsonNode())));
      held = rebuilt;
      previous = next;
    }
    assertThat(digests.get(0)).isEqualTo(trace.metaText("sha256_v0"));
    assertThat(digests.get(digests.size() - 1)).isEqualTo(trace.metaText("sha256_last"));
    assertThat(TraceDigest.ofAll(digests)).isEqualTo(trace.metaText("sha256_all_versions"));
    assertThat(textEdits).as("edits of files travel as line edits").isGreaterThan(trace.size() / 2);
  }


}
