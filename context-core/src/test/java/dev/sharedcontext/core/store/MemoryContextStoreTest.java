package dev.sharedcontext.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.store.internal.MemoryContextStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MemoryContextStoreTest extends ContextStoreContract {

  @Override
  protected ContextStore newStore(StoreOptions options) {
    return ContextStore.inMemory(options);
  }

  private MemoryContextStore memory() {
    return (MemoryContextStore) store;
  }

  @Test
  void idleProjectsExpireAndListenersHearOfIt() {
    store.close();
    store = newStore(options().idleExpiry(Duration.ofHours(1)).build());
    store.subscribe(events);
    store.commit("idle", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("busy", CommitRequest.replace(doc("{\"a\":1}")));
    clock.advance(Duration.ofMinutes(40));
    store.head("busy");
    clock.advance(Duration.ofMinutes(40));
    memory().cleanUp();
    assertThat(store.head("idle")).isEmpty();
    assertThat(store.head("busy")).isPresent();
    assertThat(events.deletions()).containsExactly(new RecordingListener.Deletion("idle", DeleteReason.EXPIRED));
    assertThat(store.projectCount()).isEqualTo(1);
  }

  @Test
  void projectsBeyondTheTotalSizeAreEvictedAndListenersHearOfIt() {
    store.close();
    store = newStore(options().maxTotalBytes(20_000).build());
    store.subscribe(events);
    String big = "x".repeat(3000);
    for (int i = 0; i < 12; i++) {
      store.commit("p" + i, CommitRequest.replace(doc("{\"a\":\"" + big + i + "\"}")));
    }
    memory().cleanUp();
    assertThat(memory().weightedSize()).isLessThanOrEqualTo(20_000);
    assertThat(events.deletions()).isNotEmpty()
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DeleteReason.EVICTED));
    for (RecordingListener.Deletion d : events.deletions()) {
      assertThat(store.head(d.projectId())).isEmpty();
    }
    assertThat(store.projectCount()).isEqualTo(12 - events.deletions().size()).isEqualTo(store.projects().size());
  }

  @Test
  void theProjectCountFollowsConcurrentCreationsAndDeletions() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          Random random = new Random(thread);
          for (int i = 0; i < 2_000; i++) {
            String id = "p" + random.nextInt(50);
            if (random.nextInt(3) == 0) {
              store.delete(id);
            } else {
              store.commit(id, CommitRequest.replace(doc("{\"i\":" + i + "}")));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.projectCount()).isEqualTo(store.projects().size());
  }

  @Test
  void historyIsTrimmedByBytes() {
    store.close();
    store = newStore(options().maxHistoryBytesPerProject(2_000).build());
    for (int i = 0; i < 20; i++) {
      store.commit("p", CommitRequest.replace(doc("{\"a\":\"" + "y".repeat(300) + i + "\"}")));
    }
    ProjectSummary summary = store.projects().get(0);
    assertThat(summary.historyBytes()).isLessThanOrEqualTo(2_000);
    assertThat(summary.versionsRetained()).isBetween(2L, 10L);
    assertThat(store.at("p", summary.oldestVersion()).document().get("/a").orElseThrow().textValue())
        .endsWith(Long.toString(summary.oldestVersion() - 1));
  }

  @Test
  void theNumberOfProjectsIsBounded() {
    store.close();
    store = newStore(options().maxProjects(3).build());
    for (int i = 0; i < 3; i++) {
      store.commit("p" + i, CommitRequest.replace(doc("{}")));
    }
    assertThatThrownBy(() -> store.commit("p3", CommitRequest.replace(doc("{}"))))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.limitName()).isEqualTo("maxProjects");
          assertThat(e.code()).isEqualTo("LIMIT_EXCEEDED");
        });
    store.delete("p0");
    assertThat(store.commit("p3", CommitRequest.replace(doc("{}"))).created()).isTrue();
  }

  @Test
  void theHistoryHoldsInversePatchesNotCopies() {
    String big = "line\n".repeat(4000);
    for (int i = 0; i < 50; i++) {
      store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"f\":\"" + big.replace("\n", "\\n") + i + "\"}")));
    }
    ProjectSummary s = store.projects().get(0);
    assertThat(s.versionsRetained()).isEqualTo(50);
    assertThat(s.historyBytes()).as("49 small inverse patches, not 49 copies of 20 KB").isLessThan(5_000);
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    @Override
    protected ContextStore newStore(StoreOptions options) {
      return ContextStore.inMemory(options);
    }
  }

  @Nested
  class Traces extends TraceReplayContract {
    @Override
    protected ContextStore newStore(StoreOptions options) {
      return ContextStore.inMemory(options);
    }
  }
}
