package dev.sharedcontext.core.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.internal.Canonical;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memory store's checkpoints: every {@link ProjectState#CHECKPOINT_INTERVAL}-th version kept whole. */
class CheckpointTest {
  static final int LINES = 40;
  final List<MemoryContextStore> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(MemoryContextStore::close);
  }

  @Test
  void anOldVersionIsRebuiltFromTheNearestCheckpointAsItWas() {
    MemoryContextStore store = store(3000);
    List<ContextDocument> docs = commitVersions(store, 2600);
    ProjectState state = (ProjectState) store.footprintRoot("p");
    assertThat(state.checkpointCount()).isEqualTo(2); // versions 1024 and 2048

    for (long v : new long[] {1, 2, 500, 1023, 1024, 1025, 1600, 2047, 2048, 2049, 2599, 2600}) {
      ContextDocument then = docs.get((int) v);
      assertThat(store.at("p", v).document().hash()).as("version %d", v).isEqualTo(then.hash());
      assertThat(store.at("p", v).document()).isEqualTo(then);
      Rebuild rebuild = state.rebuildOf(v);
      assertThat(rebuild.inversesNewestFirst()).as("inverses applied for version %d", v)
          .hasSizeLessThan(ProjectState.CHECKPOINT_INTERVAL);
      if (v < 2600) {
        CatchUp c = store.since("p", v);
        assertThat(c).isInstanceOf(CatchUp.Delta.class);
        assertThat(((CatchUp.Delta) c).patch().apply(then).hash()).isEqualTo(docs.get(2600).hash());
      }
    }
    // Version by version from one side of a checkpoint to the other.
    List<ContextDocument> replayed = new ArrayList<>();
    store.changes("p", 1020, 10).forEach(change -> replayed.add(change.document()));
    assertThat(replayed).containsExactlyElementsOf(docs.subList(1021, 1031));
  }

  @Test
  void checkpointsGoWithTheVersionsTrimmedAndAreWeighed() {
    MemoryContextStore store = store(1500);
    commitVersions(store, 2600);
    ProjectState state = (ProjectState) store.footprintRoot("p");
    assertThat(store.history("p", 2000, Long.MAX_VALUE)).hasSize(1500); // versions 1101 to 2600
    assertThat(state.checkpointCount()).isEqualTo(1); // 1024 went with version 1100
    assertThat(state.rebuildOf(1101).inversesNewestFirst()).hasSize(2048 - 1101);


    // Weighed at the size of the version it keeps (an upper bound of what it holds alone).
    MemoryContextStore weighed = store(3000);
    List<ContextDocument> docs = commitVersions(weighed, 2046);
    ProjectState s = (ProjectState) weighed.footprintRoot("p");
    int at2046 = s.weight();
    commitOne(weighed, docs.get(2046), next(2047, new HashMap<>()));
    int at2047 = s.weight();
    commitOne(weighed, next(2047, new HashMap<>()), next(2048, new HashMap<>()));
    int at2048 = s.weight();
    int size = weighed.head("p").orElseThrow().document().sizeBytes();
    assertThat(at2047 - at2046).isLessThan(1000);
    assertThat(at2048 - at2047).isBetween(size, size + 1000);
  }

  private MemoryContextStore store(int maxVersions) {
    MemoryContextStore store = (MemoryContextStore) ContextStore.inMemory(StoreOptions.builder()
        .maxVersionsPerProject(maxVersions).build());
    stores.add(store);
    return store;
  }

  /** Commits versions 1 to {@code n} of project "p"; element v of the answer is version v's document. */
  private static List<ContextDocument> commitVersions(MemoryContextStore store, int n) {
    List<ContextDocument> docs = new ArrayList<>();
    docs.add(null);
    ContextDocument previous = ContextDocument.empty();
    Map<String, Integer> keys = new HashMap<>();
    for (int v = 1; v <= n; v++) {
      ContextDocument next = next(v, keys);
      commitOne(store, previous, next);
      docs.add(next);
      previous = next;
    }
    return docs;
  }

  private static void commitOne(MemoryContextStore store, ContextDocument previous, ContextDocument next) {
    store.commit("p", CommitRequest.patch(Patch.diff(previous, next)));
  }

  /**
   * Version {@code v}: one line of a 40-line text edited, a number changed every 7th version,
   * a member added every 50th and one removed every 75th ({@code keys} carries them along).
   */
  private static ContextDocument next(int v, Map<String, Integer> keys) {
    StringBuilder a = new StringBuilder();
    IntStream.range(0, LINES).forEach(i -> a.append(i == v % LINES ? "line " + i + " of version " + v
        : "line " + i + " as it was" + (i * 7 + v / LINES) % 3).append('\n'));
    if (v % 50 == 0) {
      keys.put("k" + v, v);
    }
    if (v % 75 == 0 && !keys.isEmpty()) {
      keys.remove(keys.keySet().iterator().next());
    }
    StringBuilder json = new StringBuilder("{\"files\": {\"a\": ").append(Canonical.quoted(a.toString()))
        .append(", \"b\": \"unchanged\"}, \"n\": ").append(v / 7);
    keys.forEach((k, value) -> json.append(", \"").append(k).append("\": ").append(value));
    return ContextDocument.parse(json.append('}').toString());
  }
}
