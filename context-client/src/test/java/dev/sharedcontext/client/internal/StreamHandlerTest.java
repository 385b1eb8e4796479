package dev.sharedcontext.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.StubServer;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream messages against the cache: steps, duplicates, gaps and mismatches with their resyncs. */
class StreamHandlerTest {
  private final StubServer server = StubServer.start();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
  private final AtomicInteger resumed = new AtomicInteger();
  private final SerialExecutor lane = new SerialExecutor(executor, "state");
  private final Counters counters = new Counters();
  private final ContextCache cache;
  private final StreamHandler handler;
  private final StreamSession session = new StreamSession(0, new StreamSession.Owner() {
    @Override
    public void opened(StreamSession s) {}

    @Override
    public void message(StreamSession s, String text) {}

    @Override
    public void ended(StreamSession s, Throwable cause) {}
  }, Runnable::run);

  StreamHandlerTest() {
    Events ev = new Events(executor, List.of(new ClientListener() {
      @Override
      public void onSnapshot(long version, ContextDocument context) {
        events.add("snapshot " + version);
      }

      @Override
      public void onUpdate(long version, Patch patch, String agentId, long tokensSaved) {
        events.add("update " + version + " by " + agentId);
      }

      @Override
      public void onResynced(long fromVersion, long toVersion) {
        events.add("resynced " + fromVersion + "->" + toVersion);
      }

      @Override
      public void onDeleted() {
        events.add("deleted");
      }
    }));
    cache = new ContextCache("p", Clock.systemUTC(), ev, counters);
    ClientOptions options = ClientOptions.builder().projectId("p").uri(server.uri()).build();
    HttpTransport http = new HttpTransport(HttpClient.newBuilder().executor(executor).build(), options, counters,
        () -> false);
    handler = new StreamHandler("p", cache, new ContextApi(http, "p", ""), ev, http, lane);
    handler.bind(dropped::add, resumed::incrementAndGet);
  }

  @AfterEach
  void tearDown() {
    server.close();
    executor.shutdownNow();
  }

  static ContextDocument doc(int n) {
    return ContextDocument.parse("{\"n\":" + n + ",\"keep\":\"same\"}");
  }

  static String snapshot(int v) {
    return "{\"type\":\"context_snapshot\",\"projectId\":\"p\",\"version\":" + v + ",\"timestamp\":"
        + "\"2026-01-01T00:00:00.000Z\",\"context\":" + doc(v).canonicalJson() + ",\"hash\":\"" + doc(v).hash() + "\"}";
  }

  static String update(int base, int v, String hash) {
    return "{\"type\":\"context_update\",\"projectId\":\"p\",\"version\":" + v + ",\"baseVersion\":" + base
        + ",\"agentId\":\"a" + v + "\",\"hash\":\"" + hash + "\",\"patch\":" + Patch.diff(doc(base), doc(v)).toJson()
        + ",\"tokensSaved\":3}";
  }

  static String update(int base, int v) {
    return update(base, v, doc(v).hash());
  }

  static String since(int from, int to, Patch patch, String hash) {
    return "{\"projectId\":\"p\",\"fromVersion\":" + from + ",\"currentVersion\":" + to + ",\"patch\":"
        + patch.toJson() + ",\"hash\":\"" + hash + "\"}";
  }

  private void send(String... messages) {
    for (String m : messages) {
      lane.execute(() -> handler.message(session, m));
    }
  }

  private void awaitEvents(String... expected) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events).containsExactly(expected));
  }

  @Test
  void stepsApplyInOrderAndDuplicatesAreDropped() {
    send(snapshot(1), update(1, 2), update(1, 2), update(2, 3), update(1, 2));
    awaitEvents("snapshot 1", "update 2 by a2", "update 3 by a3");
    assertThat(cache.document()).isEqualTo(doc(3));
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aGapResyncsWithSinceAndHoldsWhatArrivesMeanwhile() throws Exception {
    server.enqueue(200, since(2, 4, Patch.diff(doc(2), doc(4)), doc(4).hash()));
    send(snapshot(1), update(1, 2), update(3, 4), update(4, 5));
    awaitEvents("snapshot 1", "update 2 by a2", "resynced 2->4", "update 5 by a5");
    assertThat(server.takeRequest().target()).isEqualTo("/context/p?since=2");
    assertThat(cache.document()).isEqualTo(doc(5));
    assertThat(resumed.get()).isEqualTo(1);
    assertThat(handler.resyncing()).isFalse();
  }

  @Test
  void aHashMismatchResyncsAndAStillWrongDeltaFallsBackToTheWholeHead() throws Exception {
    server.enqueue(200, since(1, 2, Patch.diff(doc(1), doc(99)), doc(2).hash()))
        .enqueue(200, "{\"projectId\":\"p\",\"version\":2,\"context\":" + doc(2).canonicalJson() + ",\"hash\":\""
            + doc(2).hash() + "\"}");
    send(snapshot(1), update(1, 2, doc(77).hash()));
    awaitEvents("snapshot 1", "snapshot 2", "resynced 1->2");
    assertThat(server.takeRequest().target()).isEqualTo("/context/p?since=1");
    assertThat(server.takeRequest().target()).isEqualTo("/context/p");
    assertThat(cache.entry().context().hash()).isEqualTo(doc(2).hash());
  }

  @Test
  void aCoalescedCatchUpIsAResyncNotAnUpdate() {
    send(snapshot(1), update(1, 4), update(4, 5));
    awaitEvents("snapshot 1", "resynced 1->4", "update 5 by a5");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void aFailedResyncReportsAndDropsTheConnection() {
    server.enqueue(500, "{\"error\":\"boom\",\"code\":\"INTERNAL_ERROR\",\"statusCode\":500}");
    send(snapshot(1), update(2, 3));
    await().atMost(Duration.ofSeconds(5)).until(() -> dropped.size() == 1);
    assertThat(handler.resyncing()).isFalse();
    assertThat(cache.version()).isEqualTo(1);
  }

  @Test
  void deletionEmptiesTheCacheOnce() {
    send(snapshot(1), "{\"type\":\"context_deleted\",\"projectId\":\"p\"}", "{\"type\":\"context_deleted\"}",
        "{\"type\":\"pong\"}", "{\"type\":\"something_new\"}");
    awaitEvents("snapshot 1", "deleted");
    await().atMost(Duration.ofSeconds(5)).until(() -> cache.entry() == null);
  }
}
