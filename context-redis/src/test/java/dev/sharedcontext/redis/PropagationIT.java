package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.DeleteReason;
import dev.sharedcontext.core.store.RecordingListener;
import dev.sharedcontext.core.store.StoreOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deletion, re-creation and expiry made through one instance reach the other's listeners. */
class PropagationIT {

  static ContextDocument doc(String json) {
    return ContextDocument.parse(json);
  }

  @Test
  void aDeletionAndARecreationReachTheOtherInstance() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.defaults()).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
      RecordingListener heardByB = new RecordingListener();
      b.subscribe(heardByB);
      a.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
      a.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
      assertThat(b.head("p").orElseThrow().version().version()).isEqualTo(2);
      b.commit("p", CommitRequest.replace(doc("{\"a\":3}"))); // b now holds version 3 of this incarnation

      assertThat(a.delete("p")).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> !heardByB.deletions().isEmpty());
      assertThat(heardByB.deletions()).containsExactly(new RecordingListener.Deletion("p", DeleteReason.DELETED));
      assertThat(b.head("p")).isEmpty();

      // Created again through a: versions start over, and b commits on the new incarnation.
      a.commit("p", CommitRequest.replace(doc("{\"fresh\":true}")));
      var r = b.commit("p", CommitRequest.patch(dev.sharedcontext.core.Patch.parse(
          "[{\"op\":\"add\",\"path\":\"/b\",\"value\":1}]")));
      assertThat(r.version().version()).isEqualTo(2);
      assertThat(r.document()).isEqualTo(doc("{\"fresh\":true,\"b\":1}"));
      assertThat(heardByB.changes()).extracting(c -> c.version().version()).containsExactly(1L, 2L, 3L, 1L, 2L);
      ContextChange first = heardByB.changes().get(3);
      assertThat(first.patch().apply(ContextDocument.empty())).isEqualTo(doc("{\"fresh\":true}"));
      assertThat(b.history("p", 10, Long.MAX_VALUE)).hasSize(2);
    }
  }

  @Test
  void idleProjectsExpireInRedisAndEveryInstanceHearsOfIt() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.builder().idleExpiry(Duration.ofMillis(700)).build())
        .sweepInterval(Duration.ofMillis(100)).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
      RecordingListener heardByA = new RecordingListener();
      RecordingListener heardByB = new RecordingListener();
      a.subscribe(heardByA);
      b.subscribe(heardByB);
      a.commit("idle", CommitRequest.replace(doc("{\"a\":1}")));
      a.commit("idle", CommitRequest.replace(doc("{\"a\":2}")));
      await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.changes().size() == 2);

      await().atMost(Duration.ofSeconds(10)).until(() -> !heardByA.deletions().isEmpty() && !heardByB.deletions().isEmpty());
      RecordingListener.Deletion expired = new RecordingListener.Deletion("idle", DeleteReason.EXPIRED);
      assertThat(heardByA.deletions()).containsExactly(expired);
      assertThat(heardByB.deletions()).containsExactly(expired);
      assertThat(a.head("idle")).isEmpty();
      assertThat(a.projects()).isEmpty();
      assertThat(a.commit("idle", CommitRequest.replace(doc("{}"))).version().version()).isEqualTo(1);
      assertThat(b.history("idle", 10, Long.MAX_VALUE)).hasSize(1);
    }
  }

  @Test
  void aFollowerThatFellBehindTheRetainedHistoryGetsOneChangeNeverAGap() throws Exception {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.builder().maxVersionsPerProject(3).build()).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      RecordingListener heardByB = new RecordingListener();
      b.subscribe(new dev.sharedcontext.core.store.ContextListener() {
        @Override
        public void onCommit(ContextChange change) {
          try {
            release.await(); // holds b's feed on version 1 while a commits on
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      b.subscribe(heardByB);
      a.commit("lag", CommitRequest.replace(doc("{\"n\":1}")));
      for (int i = 2; i <= 10; i++) {
        a.commit("lag", CommitRequest.replace(doc("{\"n\":" + i + "}")));
      }
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> !heardByB.changes().isEmpty()
          && heardByB.changes().get(heardByB.changes().size() - 1).version().version() == 10);
      // Version 1 first; then, as read before the history moved on, maybe a few single versions
      // (the feed read 1 and 2 together when a's second commit came in time); then one change
      // over the versions no longer retained, up to 10. Never a gap.
      int heard = heardByB.changes().size();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> heardByB.changes().size() == heard);
      List<ContextChange> changes = heardByB.changes();
      assertThat(changes.get(0).version().version()).isEqualTo(1);
      ContextDocument state = changes.get(0).document();
      for (int i = 1; i < changes.size(); i++) {
        ContextChange c = changes.get(i);
        assertThat(c.previousVersion()).as("change %d continues the one before", i)
            .isEqualTo(changes.get(i - 1).version().version());
        state = c.patch().apply(state);
        assertThat(state).isEqualTo(c.document());
      }
      ContextChange caughtUp = changes.get(changes.size() - 1);
      assertThat(caughtUp.version().version()).isEqualTo(10);
      assertThat(caughtUp.version().version() - caughtUp.previousVersion()).as("versions in the last change")
          .isGreaterThan(1);
      assertThat(state).isEqualTo(doc("{\"n\":10}"));
      assertThat(changes.size()).as("changes heard").isLessThanOrEqualTo(4);
    }
  }

  @Test
  void readingAProjectKeepsItAlive() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.builder().idleExpiry(Duration.ofMillis(1500)).build())
        .sweepInterval(Duration.ofMillis(100)).build();
    try (ContextStore a = RedisContextStore.create(options)) {
      a.commit("read", CommitRequest.replace(doc("{\"a\":1}")));
      long until = System.nanoTime() + Duration.ofMillis(3000).toNanos();
      // Read more often than the expiry for twice its length: the project must still be there.
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        assertThat(a.head("read")).isPresent();
        return System.nanoTime() - until >= 0;
      });
    }
  }
}
