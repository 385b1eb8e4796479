package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Window subscriptions against a real server: every window equal to {@code GET /window}, across a restart. */
class WindowSubscriptionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int BUDGET = 400;
  private static final String PROJECT = "windows";

  private final TestServer server = new TestServer(ContextStore.inMemory());
  private final List<Window> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger connects = new AtomicInteger();
  private final WindowListener recorder = new WindowListener() {
    @Override
    public void onWindow(Window window) {
      seen.add(window);
    }

    @Override
    public void onConnected() {
      connects.incrementAndGet();
    }
  };
  private SharedContextClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private static String prose(String topic, int lines) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      b.append(topic).append(" line ").append(i).append(": how the parts fit and why they were made so.\n");
    }
    return b.toString();
  }

  private void commit(String path, String value) {
    server.store().commit(PROJECT, CommitRequest.patch(Patch.of(
        new PatchOperation.Add(JsonPointer.parse(path), TextNode.valueOf(value)))).by("w"));
  }

  private long head() {
    return server.store().head(PROJECT).orElseThrow().version().version();
  }

  /** Waits until the subscription holds the head, then checks it is what the server's window endpoint says. */
  private void assertHoldsTheHeadWindow(WindowSubscription sub) {
    long head = head();
    await().atMost(WAIT).until(() -> sub.version() == head);
    Window held = sub.window().orElseThrow();
    assertThat(held).isEqualTo(client.window(BUDGET));
    assertThat(held.tokens()).isLessThanOrEqualTo(BUDGET);
  }

  @Test
  void everyVersionsWindowArrivesAndAResumeAfterARestartMissesNone() {
    server.store().commit(PROJECT, CommitRequest.replace(ContextDocument.parse("{\"currentTask\":\"design\","
        + "\"recentChanges\":\"none yet\",\"documentation\":" + TextNode.valueOf(prose("docs", 60))
        + ",\"history\":" + TextNode.valueOf(prose("history", 80)) + "}")).by("w"));
    client = SharedContextClient.builder().uri(server.uri()).projectId(PROJECT).streaming(false)
        .backoff(Backoff.fixed(Duration.ofMillis(20))).build();
    WindowSubscription sub = client.subscribeWindow(BUDGET, recorder);
    assertThat(sub.budget()).isEqualTo(BUDGET);
    assertHoldsTheHeadWindow(sub);
    assertThat(sub.window().orElseThrow().complete()).as("the budget leaves parts out").isFalse();

    commit("/currentTask", "implement the window subscription");      // the kept part changes
    assertHoldsTheHeadWindow(sub);
    commit("/history", prose("history, rewritten", 80));               // only a referenced part changes
    assertHoldsTheHeadWindow(sub);
    commit("/recentChanges", "the subscription applies window patches"); // kept again
    assertHoldsTheHeadWindow(sub);

    server.stop();
    await().atMost(WAIT).until(() -> !sub.isConnected());
    commit("/currentTask", "while the server is down, 1");
    commit("/documentation", prose("docs, revised", 60));
    commit("/currentTask", "while the server is down, 2");
    server.startAgain(server.port());
    assertHoldsTheHeadWindow(sub);
    assertThat(connects.get()).isGreaterThanOrEqualTo(2);

    // Resumed from the version held: the server replayed each missed version as its own update.
    assertThat(seen).extracting(Window::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, head()).boxed().toList());
    assertThat(seen).allSatisfy(w -> assertThat(w.tokens()).isLessThanOrEqualTo(BUDGET));
  }

  @Test
  void budgetsBelowTheMinimumAndClosedClientsAreRefused() {
    client = SharedContextClient.builder().uri(server.uri()).projectId(PROJECT).streaming(false).build();
    int tooSmall = WindowRequest.MIN_BUDGET - 1;
    assertThatThrownBy(() -> client.window(tooSmall)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget");
    assertThatThrownBy(() -> client.subscribeWindow(tooSmall, recorder)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget must be at least " + WindowRequest.MIN_BUDGET + ": " + tooSmall);
    WindowSubscription sub = client.subscribeWindow(WindowRequest.MIN_BUDGET, recorder);
    client.close();
    assertThat(sub.isConnected()).isFalse();
    sub.close(); // after the client closed it: still safe
    assertThatThrownBy(() -> client.subscribeWindow(BUDGET, recorder)).isInstanceOf(ClosedException.class);
  }
}
