package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.RecordingListener;
import dev.sharedcontext.core.store.StoreOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A store found through a real Redis Sentinel ({@code redis-sentinel://} URI); no failover tested. */
class SentinelIT {

  @Test
  void twoInstancesThroughASentinel() {
    try (RedisServer master = RedisServer.start(); RedisServer sentinel = RedisServer.startSentinel(master)) {
      RedisStoreOptions options = RedisStoreOptions.builder()
          .uri("redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster")
          .keyPrefix(SharedRedis.prefix()).storeOptions(StoreOptions.defaults()).build();
      try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
        RecordingListener heardByB = new RecordingListener();
        b.subscribe(heardByB);
        a.commit("p", CommitRequest.replace(ContextDocument.parse("{\"a\":1}")));
        b.commit("p", CommitRequest.replace(ContextDocument.parse("{\"a\":2}")).basedOn(1));
        a.commit("p", CommitRequest.replace(ContextDocument.parse("{\"a\":3}")).basedOn(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.changes().size() == 3);
        assertThat(heardByB.changes()).extracting(c -> c.version().version()).containsExactly(1L, 2L, 3L);
        assertThat(b.head("p").orElseThrow().document()).isEqualTo(ContextDocument.parse("{\"a\":3}"));
      }
    }
  }
}
