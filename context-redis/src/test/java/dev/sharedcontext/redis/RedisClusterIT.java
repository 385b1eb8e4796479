package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.ContextStoreContract;
import dev.sharedcontext.core.store.DeleteReason;
import dev.sharedcontext.core.store.ProjectSummary;
import dev.sharedcontext.core.store.RecordingListener;
import dev.sharedcontext.core.store.StoreOptions;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real three-master Redis Cluster, and two instances sharing it. */
class RedisClusterIT extends ContextStoreContract {
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static RedisStoreOptions.Builder clusterOptions(StoreOptions options) {
    return RedisStoreOptions.builder().uri(cluster.uri()).cluster(true).keyPrefix(SharedRedis.prefix())
        .storeOptions(options);
  }

  @Override
  protected ContextStore newStore(StoreOptions options) {
    return RedisContextStore.create(clusterOptions(options).build());
  }

  @Test
  void twoInstancesShareProjectsSpreadOverTheCluster() {
    RedisStoreOptions options = clusterOptions(StoreOptions.defaults()).build();
    try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
      RecordingListener heardByA = new RecordingListener();
      RecordingListener heardByB = new RecordingListener();
      a.subscribe(heardByA);
      b.subscribe(heardByB);
      List<String> projects = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
      Set<Integer> slots = new HashSet<>();
      for (String p : projects) {
        slots.add(SlotHash.getSlot(p) * 3 / SlotHash.SLOT_COUNT); // which third of the slots: which node
        a.commit(p, CommitRequest.replace(ContextDocument.parse("{\"by\":\"a\"}")));
        b.commit(p, CommitRequest.patch(dev.sharedcontext.core.Patch.parse(
            "[{\"op\":\"add\",\"path\":\"/also\",\"value\":\"b\"}]")).basedOn(1));
      }
      assertThat(slots).as("the projects live on more than one node").hasSizeGreaterThan(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> heardByA.changes().size() == 12 && heardByB.changes().size() == 12);
      for (RecordingListener heard : List.of(heardByA, heardByB)) {
        for (String p : projects) {
          assertThat(heard.changes().stream().filter(c -> c.projectId().equals(p)).map(c -> c.version().version()))
              .containsExactly(1L, 2L);
        }
      }
      assertThat(b.projects()).extracting(ProjectSummary::projectId).containsExactlyInAnyOrderElementsOf(projects);
      assertThat(a.head("gamma").orElseThrow().document()).isEqualTo(ContextDocument.parse("{\"by\":\"a\",\"also\":\"b\"}"));
      b.delete("gamma");
      await().atMost(Duration.ofSeconds(10)).until(() -> !heardByA.deletions().isEmpty());
      assertThat(heardByA.deletions()).containsExactly(new RecordingListener.Deletion("gamma", DeleteReason.DELETED));
    }
  }
}
