package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.RecordingListener;
import dev.sharedcontext.core.store.StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two store instances on one Redis and one key prefix, as two server instances would be: their
 * commits to one project interleave without losing or doubling a version, and each instance's
 * listeners hear every version, in order, once.
 */
class TwoInstancesIT {
  static final int THREADS_PER_INSTANCE = 4;
  static final int COMMITS_PER_THREAD = 300;
  static final int KEYS = 64;

  record Ack(long version, String key, String value) {}

  private ContextStore a;
  private ContextStore b;
  private final RecordingListener heardByA = new RecordingListener();
  private final RecordingListener heardByB = new RecordingListener();

  @BeforeEach
  void open() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.builder().maxVersionsPerProject(10_000).build()).build();
    a = RedisContextStore.create(options);
    b = RedisContextStore.create(options);
    a.subscribe(heardByA);
    b.subscribe(heardByB);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void concurrentCommitsThroughTwoInstancesAreContiguousAndHeardEverywhere() throws Exception {
    a.commit("shared", CommitRequest.replace(ContextDocument.parse("{\"k0\":\"init\"}")));
    List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
    List<VersionConflictException> refusals = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
      int thread = t;
      ContextStore store = t % 2 == 0 ? a : b;
      done.add(pool.submit(() -> {
        Random random = new Random(7L * thread + 1);
        start.await();
        for (int i = 0; i < COMMITS_PER_THREAD; i++) {
          String key = "k" + random.nextInt(KEYS);
          String value = "t" + thread + "-" + i;
          long head = store.head("shared").orElseThrow().version().version();
          long base = Math.max(1, head - random.nextInt(3));
          Patch patch = Patch.of(new PatchOperation.Add(JsonPointer.of(key), TextNode.valueOf(value)));
          try {
            CommitResult r = store.commit("shared", CommitRequest.patch(patch).basedOn(base).by("t" + thread));
            acks.add(new Ack(r.version().version(), key, value));
          } catch (VersionConflictException e) {
            refusals.add(e);
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

    ContextVersion head = a.head("shared").orElseThrow().version();
    long headVersion = head.version();
    assertThat(acks.size() + refusals.size()).isEqualTo(2 * THREADS_PER_INSTANCE * COMMITS_PER_THREAD);
    assertThat(headVersion).as("one version per acknowledged commit, none doubled").isEqualTo(1 + acks.size());
    assertThat(acks).extracting(Ack::version).doesNotHaveDuplicates();
    assertThat(refusals).allSatisfy(e -> assertThat(e.conflictingPaths()).isNotEmpty());
    assertThat(b.head("shared").orElseThrow().version()).isEqualTo(head);

    List<ContextVersion> history = b.history("shared", Integer.MAX_VALUE, Long.MAX_VALUE);
    assertThat(history).extracting(ContextVersion::version)
        .containsExactlyElementsOf(() -> java.util.stream.LongStream.iterate(headVersion, v -> v - 1).limit(headVersion).iterator());

    // Each instance hears every version, its own and the other's, once and in order.
    await().atMost(Duration.ofSeconds(30)).until(() -> heardByA.changes().size() >= headVersion
        && heardByB.changes().size() >= headVersion);
    for (RecordingListener heard : List.of(heardByA, heardByB)) {
      List<ContextChange> changes = heard.changes();
      assertThat(changes).hasSize((int) headVersion);
      ContextDocument replay = ContextDocument.empty();
      for (int i = 0; i < changes.size(); i++) {
        ContextChange c = changes.get(i);
        assertThat(c.version().version()).isEqualTo(i + 1);
        assertThat(c.previousVersion()).isEqualTo(i);
        replay = c.patch().apply(replay);
        assertThat(replay.hash()).isEqualTo(c.version().hash()).isEqualTo(c.document().hash());
      }
      assertThat(replay.hash()).isEqualTo(head.hash());
    }
    // Every acknowledged commit's effect is in its version.
    List<ContextChange> changes = heardByB.changes();
    for (Ack ack : acks) {
      ContextDocument at = changes.get((int) ack.version() - 1).document();
      assertThat(at.get(JsonPointer.of(ack.key())).orElseThrow().textValue()).isEqualTo(ack.value());
    }
    // A client may resume on either instance.
    long middle = headVersion / 2;
    CatchUp fromB = b.since("shared", middle);
    assertThat(((CatchUp.Delta) fromB).patch().apply(a.at("shared", middle).document()))
        .isEqualTo(a.head("shared").orElseThrow().document());
  }
}
