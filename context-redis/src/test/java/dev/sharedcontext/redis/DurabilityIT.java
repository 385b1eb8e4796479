package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis with {@code appendfsync always}, killed with SIGKILL while two store instances commit,
 * then restarted on the same directory and port: every acknowledged commit is there, at its
 * version, with its hash; the stores reconnect by themselves and go on from the recovered head.
 */
class DurabilityIT {
  static final int WRITERS = 4;

  record Ack(long version, String hash, String key, String value) {}

  @Test
  void everyAcknowledgedCommitSurvivesAKillAndRestart() throws Exception {
    try (RedisServer server = RedisServer.start(true)) {
      RedisStoreOptions options = RedisStoreOptions.builder().uri(server.uri()).keyPrefix("durable:")
          .commandTimeout(Duration.ofSeconds(1)).deliveryTimeout(Duration.ofSeconds(1))
          .sweepInterval(Duration.ofMillis(200))
          .storeOptions(StoreOptions.builder().maxVersionsPerProject(100_000).build()).build();
      Map<Long, Ack> acks = new ConcurrentHashMap<>();
      AtomicInteger failures = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      try (ContextStore a = RedisContextStore.create(options); ContextStore b = RedisContextStore.create(options)) {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          ContextStore store = w % 2 == 0 ? a : b;
          writers.add(pool.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
              String key = "w" + writer + "-" + i;
              Patch patch = Patch.of(new PatchOperation.Add(JsonPointer.of(key), TextNode.valueOf("v" + i)));
              try {
                CommitResult r = store.commit("crash", CommitRequest.patch(patch).by("w" + writer));
                Ack ack = new Ack(r.version().version(), r.version().hash(), key, "v" + i);
                assertThat(acks.put(ack.version(), ack)).as("version %d acknowledged twice", ack.version()).isNull();
              } catch (ContextException e) {
                failures.incrementAndGet(); // not acknowledged: may or may not be in Redis
              }
            }
            return null;
          }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= 300);
        server.kill(); // SIGKILL, mid-run
        int acksAtKill = acks.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> failures.get() >= WRITERS);
        server.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= acksAtKill + 300);
        stop.set(true);
        for (Future<?> f : writers) {
          f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
      }

      try (ContextStore reader = RedisContextStore.create(options)) {
        ContextDocument head = reader.head("crash").orElseThrow().document();
        List<ContextVersion> history = reader.history("crash", Integer.MAX_VALUE, Long.MAX_VALUE);
        long headVersion = history.get(0).version();
        assertThat(history).hasSize((int) headVersion); // contiguous from 1
        for (ContextVersion v : history) {
          Ack ack = acks.get(v.version());
          if (ack != null) {
            assertThat(v.hash()).as("version %d", v.version()).isEqualTo(ack.hash());
          }
        }
        for (Ack ack : acks.values()) {
          assertThat(ack.version()).isLessThanOrEqualTo(headVersion);
          assertThat(head.get(JsonPointer.of(ack.key())).orElseThrow().textValue()).isEqualTo(ack.value());
        }
        assertThat(failures.get()).as("the kill was felt").isPositive();
        System.out.printf("durability: %d acknowledged commits, %d failed during the outage, head %d%n",
            acks.size(), failures.get(), headVersion);
      }
    }
  }
}
