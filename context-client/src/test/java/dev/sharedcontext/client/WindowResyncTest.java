package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.ContextDocument;
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

  private WindowSubscription subscribe() {
    client = SharedContextClient.builder().uri(server.uri()).projectId("p").streaming(false)
        .backoff(Backoff.fixed(Duration.ofMillis(10))).build();
    return client.subscribeWindow(200, new WindowListener() {
      @Override
      public void onWindow(Window window) {
        seen.add(window);
      }
    });
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
