package dev.sharedcontext.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.internal.ConflictPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's concurrency test, for every store: 8 threads × 1,000 commits to one project with
 * random (often stale) base versions. The history must be contiguous, every acknowledged
 * commit's effect present at its version, every refusal must name paths that really changed
 * after its base and overlap its own, and replaying the delivered changes must end on the head's
 * hash.
 */
public abstract class ConcurrencyContract {
  static final int THREADS = 8;
  static final int COMMITS_PER_THREAD = 1000;
  static final int KEYS = 96;
  static final long SEED = 20261125L;

  protected abstract ContextStore newStore(StoreOptions options);

  record Ack(long version, String key, String value, boolean rebased) {}

  record Refusal(long base, long current, List<String> paths, String key) {}

  @Test
  void concurrentCommitsWithStaleBasesLoseNothing() throws Exception {
    try (ContextStore store = newStore(StoreOptions.builder().maxVersionsPerProject(20_000).build())) {
      RecordingListener events = new RecordingListener();
      store.subscribe(events);
      store.commit("race", CommitRequest.replace(ContextDocument.parse("{\"k0\":\"init\"}")));

      List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
      List<Refusal> refusals = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          Random random = new Random(SEED + thread);
          start.await();
          for (int i = 0; i < COMMITS_PER_THREAD; i++) {
            String key = "k" + random.nextInt(KEYS);
            String value = "t" + thread + "-" + i;
            long head = store.head("race").orElseThrow().version().version();
            long base = Math.max(1, head - random.nextInt(4));
            Patch patch = Patch.of(new PatchOperation.Add(JsonPointer.of(key), TextNode.valueOf(value)));
            try {
              CommitResult r = store.commit("race", CommitRequest.patch(patch).basedOn(base).by("t" + thread));
              acks.add(new Ack(r.version().version(), key, value, r.rebased()));
            } catch (VersionConflictException e) {
              refusals.add(new Refusal(base, e.currentVersion(), e.conflictingPaths(), key));
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();

      ContextSnapshot head = store.head("race").orElseThrow();
      long headVersion = head.version().version();
      assertThat(acks.size() + refusals.size()).isEqualTo(THREADS * COMMITS_PER_THREAD);
      assertThat(headVersion).isEqualTo(1 + acks.size());
      assertThat(acks).as("some commits were rebased").anyMatch(Ack::rebased);
      assertThat(refusals).as("some commits were refused").isNotEmpty();

      // Contiguous history, and each version delivered once, in order.
      List<ContextVersion> history = store.history("race", Integer.MAX_VALUE, Long.MAX_VALUE);
      assertThat(history).hasSize((int) headVersion);
      for (int i = 0; i < history.size(); i++) {
        assertThat(history.get(i).version()).isEqualTo(headVersion - i);
      }
      List<ContextChange> changes = events.changes();
      assertThat(changes).hasSize((int) headVersion);
      for (int i = 0; i < changes.size(); i++) {
        assertThat(changes.get(i).version().version()).isEqualTo(i + 1);
      }

      // Replaying the delivered patches from nothing gives every version's hash and the head's.
      Map<Long, Ack> ackByVersion = new HashMap<>();
      for (Ack a : acks) {
        assertThat(ackByVersion.put(a.version(), a)).as("version %d acknowledged twice", a.version()).isNull();
      }
      ContextDocument replay = ContextDocument.empty();
      for (ContextChange c : changes) {
        replay = c.patch().apply(replay);
        assertThat(replay.hash()).isEqualTo(c.version().hash());
        Ack ack = ackByVersion.get(c.version().version());
        if (ack != null) {
          assertThat(replay.get(JsonPointer.of(ack.key())).orElseThrow().textValue()).isEqualTo(ack.value());
        }
      }
      assertThat(replay.hash()).isEqualTo(head.version().hash()).isEqualTo(head.document().hash());

      // Every refusal names paths changed after its base that overlap what it wanted to change.
      for (Refusal r : refusals) {
        assertThat(r.paths()).isNotEmpty();
        for (String path : r.paths()) {
          JsonPointer p = JsonPointer.parse(path);
          assertThat(p.overlaps(JsonPointer.of(r.key()))).isTrue();
          boolean changedInRange = changes.stream()
              .filter(c -> c.version().version() > r.base() && c.version().version() <= r.current())
              .map(c -> ConflictPaths.of(c.patch()))
              .anyMatch((Set<JsonPointer> s) -> s.contains(p));
          assertThat(changedInRange).as("%s changed in (%d, %d]", path, r.base(), r.current()).isTrue();
        }
      }
    }
  }
}
