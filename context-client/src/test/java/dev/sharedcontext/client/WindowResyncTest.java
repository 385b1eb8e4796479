package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.client.Backoff.Jitter;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.window.Window;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A window subscription that meets a wrong hash or a gap starts over with a window sent whole. */
class WindowResyncTest {
  private final ScriptedWebSocketServer server = new ScriptedWebSocketServer();
  private final List<Window> seen = new CopyOnWriteArrayList<>();
  private final List<ContextException> errors = new CopyOnWriteArrayList<>();
  private SharedContextClient client;

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  /** The wire window of {@code version} whose current task is {@code task}. */
  private static ContextDocument window(long version, String task) {
    return ContextDocument.parse("{\"projectId\":\"p\",\"version\":" + version + ",\"budget\":200,\"tokens\":30,"
        + "\"context\":{\"currentTask\":\"" + task + "\"},\"references\":[]}");
  }

  private static String snapshot(long version, String task) {
    ContextDocument w = window(version, task);
    return "{\"type\":\"window_snapshot\",\"projectId\":\"p\",\"version\":" + version + ",\"budget\":200,\"tokens\":30,"
        + "\"window\":" + w.canonicalJson() + ",\"hash\":\"" + w.hash() + "\"}";
  }

  private static String update(long base, long version, String task, String hash) {
    return "{\"type\":\"window_update\",\"projectId\":\"p\",\"version\":" + version + ",\"baseVersion\":" + base
        + ",\"budget\":200,\"tokens\":30,\"patch\":[{\"op\":\"replace\",\"path\":\"/version\",\"value\":" + version
        + "},{\"op\":\"replace\",\"path\":\"/context/currentTask\",\"value\":\"" + task + "\"}],\"hash\":\"" + hash
        + "\",\"tokensSaved\":0}";
  }

  private static String badSnapshot(long version) {
    ContextDocument w = window(version, "a");
    return "{\"type\":\"window_snapshot\",\"projectId\":\"p\",\"version\":" + version + ",\"budget\":200,\"tokens\":30,"
        + "\"window\":" + w.canonicalJson() + ",\"hash\":\"" + window(version, "WRONG").hash() + "\"}";
  }

  private WindowSubscription subscribe() {
    return subscribe(SharedContextClient.builder().backoff(Backoff.fixed(Duration.ofMillis(10))));
  }

  private WindowSubscription subscribe(ClientBuilder builder) {
    client = builder.uri(server.uri()).projectId("p").streaming(false).build();
    return client.subscribeWindow(200, new WindowListener() {
      @Override
      public void onWindow(Window window) {
        seen.add(window);
      }

      @Override
      public void onError(ContextException error) {
        errors.add(error);
      }
    });
  }

  /** Exponential 1 s to 8 s without jitter, timers under the test's control. */
  private WindowSubscription subscribe(ManualScheduler scheduler) {
    return subscribe(SharedContextClient.builder().scheduler(scheduler).pingInterval(Duration.ZERO)
        .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, Jitter.NONE)));
  }

  /** Waits for reconnect timer {@code n} (1-based) to be scheduled, then fires it unless {@code fire} is false. */
  private static void reconnect(ManualScheduler scheduler, int n, boolean fire) {
    await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.delays().size() == n);
    if (fire) {
      assertThat(scheduler.runNext()).isTrue();
    }
  }

  private static List<Duration> seconds(Integer... s) {
    return List.of(s).stream().map(Duration::ofSeconds).toList();
  }

  @Test
  void aWindowThatKeepsFailingItsHashIsRetriedAfterGrowingDelaysAndEachMismatchIsReported() throws Exception {
    for (int i = 0; i < 5; i++) {
      server.enqueue(badSnapshot(1));
    }
    ManualScheduler scheduler = new ManualScheduler();
    WindowSubscription sub = subscribe(scheduler);
    for (int n = 1; n <= 5; n++) {
      reconnect(scheduler, n, n < 5);
    }
    assertThat(scheduler.delays()).as("the backoff's delays, not its first one again and again")
        .isEqualTo(seconds(1, 2, 4, 8, 8));
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 5);
    assertThat(errors).extracting(ContextException::code).containsOnly("WINDOW_RESYNC");
    assertThat(errors.get(0)).hasMessageContaining("does not match its hash");
    assertThat(seen).isEmpty();
    assertThat(sub.window()).isEmpty();
  }

  @Test
  void aGoodSnapshotFollowedByABadUpdateStillBacksOff() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(snapshot(1, "a"), update(1, 2, "b", window(2, "WRONG").hash()));
    }
    ManualScheduler scheduler = new ManualScheduler();
    subscribe(scheduler);
    for (int n = 1; n <= 4; n++) {
      reconnect(scheduler, n, n < 4);
    }
    // The first snapshot is taken as the stream's start; the snapshots that answer a start-over
    // prove nothing until a window goes on from them.
    assertThat(scheduler.delays()).isEqualTo(seconds(1, 2, 4, 8));
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 4);
    assertThat(errors).extracting(ContextException::code).containsOnly("WINDOW_RESYNC");
  }

  @Test
  void aStreamThatProvesGoodStartsTheBackoffOver() throws Exception {
    server.enqueue(badSnapshot(1));
    server.enqueue(badSnapshot(1));
    server.enqueue(snapshot(1, "a"), update(1, 2, "b", window(2, "b").hash()), ScriptedWebSocketServer.CLOSE);
    server.enqueue(ScriptedWebSocketServer.CLOSE); // resumes from version 2, then the server goes away again
    ManualScheduler scheduler = new ManualScheduler();
    WindowSubscription sub = subscribe(scheduler);
    for (int n = 1; n <= 4; n++) {
      reconnect(scheduler, n, n < 4);
    }
    assertThat(server.takeTarget()).doesNotContain("fromVersion");
    assertThat(server.takeTarget()).doesNotContain("fromVersion");
    assertThat(server.takeTarget()).doesNotContain("fromVersion");
    assertThat(server.takeTarget()).contains("fromVersion=2");
    // 1, 2: two mismatches; 1: a verified update went on from the snapshot; 1: the stream opened
    // resuming from a verified window.
    assertThat(scheduler.delays()).isEqualTo(seconds(1, 2, 1, 1));
    assertThat(sub.version()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 2);
  }

  @Test
  void aGoodUpdateIsAppliedAndAHashMismatchStartsOverWithoutFromVersion() throws Exception {
    server.enqueue(snapshot(1, "a"), update(1, 2, "b", window(2, "b").hash()),
        update(2, 3, "c", window(3, "WRONG").hash()));
    server.enqueue(snapshot(3, "c"));
    WindowSubscription sub = subscribe();
    assertThat(server.takeTarget()).startsWith("/context/p/stream?").contains("budget=200", "encoding=o200k_base")
        .doesNotContain("fromVersion");
    assertThat(server.takeTarget()).as("started over: a snapshot, not a resume from 2").doesNotContain("fromVersion");
    await().atMost(Duration.ofSeconds(10)).until(() -> sub.version() == 3);
    assertThat(seen).extracting(Window::version).containsExactly(1L, 2L, 3L);
    assertThat(seen.get(1).context()).isEqualTo(ContextDocument.parse("{\"currentTask\":\"b\"}"));
    assertThat(sub.window().orElseThrow().context()).isEqualTo(ContextDocument.parse("{\"currentTask\":\"c\"}"));
  }

  @Test
  void aGapStartsOverAndADroppedStreamResumesFromTheVersionHeld() throws Exception {
    server.enqueue(snapshot(1, "a"), update(2, 3, "c", window(3, "c").hash()));
    server.enqueue(snapshot(3, "c"), ScriptedWebSocketServer.CLOSE);
    server.enqueue(update(3, 4, "d", window(4, "d").hash()));
    WindowSubscription sub = subscribe();
    server.takeTarget();
    assertThat(server.takeTarget()).as("the gap: started over").doesNotContain("fromVersion");
    assertThat(server.takeTarget()).as("the server went away: resumed").contains("fromVersion=3");
    await().atMost(Duration.ofSeconds(10)).until(() -> sub.version() == 4);
    assertThat(seen).extracting(Window::version).containsExactly(1L, 3L, 4L);
  }
}
