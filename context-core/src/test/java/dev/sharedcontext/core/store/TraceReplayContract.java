package dev.sharedcontext.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Both real traces committed version by version: every retained version reads back exactly,
 * {@code since(N)} applied to version N gives the head, and a rollback to N is a new version with
 * N's hash.
 */
public abstract class TraceReplayContract {
  static final List<String> TRACES = Trace.NAMES;

  protected abstract ContextStore newStore(StoreOptions options);


  @ParameterizedTest
  @FieldSource("TRACES")
  void traceReadsBackAndCatchesUpExactly(String name) {
    Trace trace = Trace.load(name);
    List<ContextDocument> docs = new ArrayList<>();
    try (ContextStore store = newStore(StoreOptions.builder().maxVersionsPerProject(10_000).build())) {
      for (Trace.Version v : trace.versions()) {
        ContextDocument doc = ContextDocument.of(TraceContexts.toJson(v.state()));
        docs.add(doc);
        CommitResult r = store.commit(name, CommitRequest.replace(doc).by("replay"));
        assertThat(r.version().version()).isEqualTo(v.version() + 1L);
        assertThat(r.version().hash()).isEqualTo(doc.hash());
      }
      ContextDocument head = store.head(name).orElseThrow().document();
      Random random = new Random(42);
      for (int i = 0; i < 40; i++) {
        int n = 1 + random.nextInt(docs.size());
        ContextSnapshot at = store.at(name, n);
        assertThat(at.document().hash()).as("at(%d)", n).isEqualTo(docs.get(n - 1).hash());
        CatchUp catchUp = store.since(name, n);
        assertThat(catchUp).isInstanceOf(CatchUp.Delta.class);
        Patch delta = ((CatchUp.Delta) catchUp).patch();
        assertThat(delta.apply(at.document())).as("since(%d)", n).isEqualTo(head);
        ContextDocument replay = at.document();
        for (ContextChange c : store.changes(name, n, Integer.MAX_VALUE)) {
          replay = c.patch().apply(replay);
          assertThat(replay.hash()).as("changes(%d) at %d", n, c.version().version()).isEqualTo(c.version().hash());
        }
        assertThat(replay).isEqualTo(head);
      }
      int target = 1 + random.nextInt(docs.size() - 1);
      long before = store.head(name).orElseThrow().version().version();
      CommitResult rollback = store.rollback(name, target, "undo");
      assertThat(rollback.version().version()).isEqualTo(before + 1);
      assertThat(rollback.version().hash()).isEqualTo(docs.get(target - 1).hash());
      assertThat(store.since(name, before)).isInstanceOfSatisfying(CatchUp.Delta.class,
          d -> assertThat(d.patch().apply(head)).isEqualTo(docs.get(target - 1)));
    }
  }
}
