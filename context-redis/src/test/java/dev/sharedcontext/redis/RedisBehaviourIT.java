package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextListener;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.ProjectSummary;
import dev.sharedcontext.core.store.RecordingListener;
import dev.sharedcontext.core.store.StoreOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What only the Redis store has: limits kept in Redis, scripts, connections, the feed's recovery. */
class RedisBehaviourIT {

  static ContextDocument doc(String json) {
    return ContextDocument.parse(json);
  }

  @Test
  void theNumberOfProjectsIsBoundedAcrossInstances() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.builder().maxProjects(3).build()).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
      a.commit("p0", CommitRequest.replace(doc("{}")));
      b.commit("p1", CommitRequest.replace(doc("{}")));
      a.commit("p2", CommitRequest.replace(doc("{}")));
      assertThatThrownBy(() -> b.commit("p3", CommitRequest.replace(doc("{}"))))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limitName()).isEqualTo("maxProjects");
            assertThat(e.code()).isEqualTo("LIMIT_EXCEEDED");
          });
      assertThat(a.commit("p0", CommitRequest.replace(doc("{\"more\":1}"))).version().version()).isEqualTo(2);
      a.delete("p0");
      assertThat(b.commit("p3", CommitRequest.replace(doc("{}"))).created()).isTrue();
      assertThat(b.projects()).extracting(ProjectSummary::projectId).containsExactlyInAnyOrder("p1", "p2", "p3");
    }
  }

  @Test
  void historyIsTrimmedByBytesAndHoldsInversePatches() {
    try (ContextStore store = SharedRedis.newStore(StoreOptions.builder().maxHistoryBytesPerProject(2_000).build())) {
      for (int i = 0; i < 20; i++) {
        store.commit("p", CommitRequest.replace(doc("{\"a\":\"" + "y".repeat(300) + i + "\"}")));
      }
      ProjectSummary summary = store.projects().get(0);
      assertThat(summary.historyBytes()).isLessThanOrEqualTo(2_000);
      assertThat(summary.versionsRetained()).isBetween(2L, 10L);
      assertThat(store.history("p", 100, Long.MAX_VALUE)).hasSize((int) summary.versionsRetained());
      assertThat(store.at("p", summary.oldestVersion()).document().get("/a").orElseThrow().textValue())
          .endsWith(Long.toString(summary.oldestVersion() - 1));
    }
    try (ContextStore store = SharedRedis.newStore(StoreOptions.defaults())) {
      String big = "line\\n".repeat(4000);
      for (int i = 0; i < 50; i++) {
        store.commit("q", CommitRequest.replace(doc("{\"f\":\"" + big + i + "\"}")));
      }
      ProjectSummary q = store.projects().stream().filter(s -> s.projectId().equals("q")).findFirst().orElseThrow();
      assertThat(q.versionsRetained()).isEqualTo(50);
      assertThat(q.historyBytes()).as("49 small inverse patches, not 49 copies of 20 KB").isLessThan(5_000);
    }
  }

  @Test
  void aStaleHeadInOneInstanceIsNeverTrusted() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.defaults()).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
      a.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
      b.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
      // Whether or not a's feed has caught up yet, a judges on Redis's head, never on its own.
      assertThatThrownBy(() -> a.commit("p", CommitRequest.replace(doc("{\"x\":1}")).ifHeadIs(1)))
          .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).isEqualTo(2));
      CommitResult back = a.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
      assertThat(back.changed()).isTrue();
      assertThat(back.version().version()).isEqualTo(3);
    }
  }

  @Test
  void aListenerMayCommitFromItsCallback() {
    try (ContextStore store = SharedRedis.newStore(StoreOptions.defaults())) {
      RecordingListener events = new RecordingListener();
      store.subscribe(new ContextListener() {
        @Override
        public void onCommit(ContextChange change) {
          if (change.projectId().equals("source")) {
            store.commit("mirror", CommitRequest.replace(change.document()));
          }
        }
      });
      store.subscribe(events);
      store.commit("source", CommitRequest.replace(doc("{\"a\":1}")));
      store.commit("source", CommitRequest.replace(doc("{\"a\":2}")));
      await().atMost(Duration.ofSeconds(10)).until(() -> events.changes().size() == 4);
      assertThat(store.head("mirror").orElseThrow().document()).isEqualTo(doc("{\"a\":2}"));
    }
  }

  @Test
  void scriptsAreReloadedWhenRedisForgetsThem() {
    try (ContextStore store = SharedRedis.newStore(StoreOptions.defaults());
        RedisTool redis = new RedisTool(SharedRedis.server())) {
      store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
      redis.commands().scriptFlush();
      assertThat(store.commit("p", CommitRequest.replace(doc("{\"a\":2}"))).version().version()).isEqualTo(2);
      assertThat(store.head("p").orElseThrow().version().version()).isEqualTo(2);
    }
  }

  @Test
  void theFeedCatchesUpAfterItsConnectionDrops() {
    RedisStoreOptions options = SharedRedis.options(StoreOptions.defaults()).sweepInterval(Duration.ofMillis(200)).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options);
        RedisTool redis = new RedisTool(SharedRedis.server())) {
      RecordingListener heardByA = new RecordingListener();
      a.subscribe(heardByA);
      b.commit("p", CommitRequest.replace(doc("{\"n\":0}")));
      for (int i = 1; i <= 50; i++) {
        if (i % 10 == 0) {
          redis.commands().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        }
        b.commit("p", CommitRequest.replace(doc("{\"n\":" + i + "}")));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> heardByA.changes().size() >= 51);
      assertThat(heardByA.changes()).extracting(c -> c.version().version())
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 51).boxed().toList());
      assertThat(heardByA.changes().get(50).document()).isEqualTo(doc("{\"n\":50}"));
    }
  }

  @Test
  void closingIsIdempotentAndLeavesSharedResourcesAlone() {
    ContextStore store = SharedRedis.newStore(StoreOptions.defaults());
    store.commit("p", CommitRequest.replace(doc("{}")));
    store.close();
    store.close();
    assertThatThrownBy(() -> store.head("p")).isInstanceOf(ClosedException.class);
    try (ContextStore next = SharedRedis.newStore(StoreOptions.defaults())) {
      assertThat(next.commit("p", CommitRequest.replace(doc("{}"))).created()).isTrue();
    }
  }

  @Test
  void anUnreachableRedisIsAConnectionError() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RedisStoreOptions options = RedisStoreOptions.builder().uri("redis://127.0.0.1:" + port).build();
    assertThatThrownBy(() -> RedisContextStore.create(options)).isInstanceOf(ConnectionException.class);
  }

  /** A plain Lettuce connection for poking the server from tests. */
  static final class RedisTool implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisTool(RedisServer server) {
      client = RedisClient.create(server.uri());
      connection = client.connect();
    }

    io.lettuce.core.api.sync.RedisCommands<String, String> commands() {
      return connection.sync();
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
