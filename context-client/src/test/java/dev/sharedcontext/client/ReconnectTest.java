package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.client.Backoff.Jitter;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The reconnect watchdog against a port where nothing listens, with time under the test's control. */
class ReconnectTest {

  record Reconnecting(int attempt, Duration delay) {}

  private final List<Reconnecting> reconnecting = new CopyOnWriteArrayList<>();
  private final List<ContextException> errors = new CopyOnWriteArrayList<>();
  private final ClientListener recorder = new ClientListener() {
    @Override
    public void onReconnecting(int attempt, Duration delay) {
      reconnecting.add(new Reconnecting(attempt, delay));
    }

    @Override
    public void onError(ContextException error) {
      errors.add(error);
    }
  };

  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private SharedContextClient client(ManualScheduler scheduler, Backoff backoff) throws IOException {
    return SharedContextClient.builder().uri("http://127.0.0.1:" + deadPort()).projectId("reconnect")
        .backoff(backoff).scheduler(scheduler).pingInterval(Duration.ZERO).listener(recorder).build();
  }

  @Test
  void delaysFollowTheBackoffAndCloseDisarmsThePendingReconnect() throws IOException {
    ManualScheduler scheduler = new ManualScheduler();
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, Jitter.NONE);
    SharedContextClient client = client(scheduler, backoff);
    List<Duration> expected = List.of(1, 2, 4, 8, 8, 8).stream().map(Duration::ofSeconds).toList();
    for (int i = 0; i < expected.size(); i++) {
      int scheduled = i + 1;
      await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.delays().size() == scheduled);
      if (i < expected.size() - 1) {
        assertThat(scheduler.runNext()).isTrue();
      }
    }
    assertThat(scheduler.delays()).isEqualTo(expected);
    await().atMost(Duration.ofSeconds(5)).until(() -> reconnecting.size() == expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(reconnecting.get(i)).isEqualTo(new Reconnecting(i + 1, expected.get(i)));
    }

    ManualScheduler.Task pending = scheduler.last();
    client.close();
    assertThat(pending.isCancelled()).isTrue();
    // Even a timer that fired in the same instant as close() connects nowhere and schedules nothing.
    pending.runnable.run();
    assertThat(scheduler.delays()).hasSize(expected.size());
    assertThat(scheduler.pending()).isZero();
    assertThat(scheduler.isShutdown()).as("a scheduler given to the client is not the client's to stop").isFalse();
    assertThat(client.isConnected()).isFalse();
  }

  @Test
  void boundedAttemptsGiveUpWithAnError() throws IOException {
    ManualScheduler scheduler = new ManualScheduler();
    SharedContextClient client = client(scheduler, Backoff.fixed(Duration.ofSeconds(1)).withMaxAttempts(2));
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.pending() == 1);
      scheduler.runNext();
      await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.delays().size() == 2);
      scheduler.runNext();
      await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
      assertThat(errors.get(0)).isInstanceOf(ConnectionException.class).hasMessageContaining("2 attempts");
      assertThat(scheduler.pending()).isZero();
      assertThat(reconnecting).extracting(Reconnecting::attempt).containsExactly(1, 2);
    } finally {
      client.close();
    }
  }

  @Test
  void closeDuringAReconnectStopsEveryThreadTheClientStarted() throws IOException {
    SharedContextClient client = SharedContextClient.builder().uri("http://127.0.0.1:" + deadPort())
        .projectId("threads").backoff(Backoff.fixed(Duration.ofHours(1))).listener(recorder).build();
    await().atMost(Duration.ofSeconds(10)).until(() -> reconnecting.size() == 1);
    assertThat(clientThreads("threads")).isNotEmpty();
    client.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> clientThreads("threads").isEmpty());
    assertThat(reconnecting).hasSize(1);
  }

  static List<String> clientThreads(String projectId) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("sharedcontext-client-" + projectId + "-")).toList();
  }
}
