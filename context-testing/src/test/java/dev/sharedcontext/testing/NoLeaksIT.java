package dev.sharedcontext.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension leaves nothing behind: sample test classes (nested below, run here through the
 * JUnit launcher) use servers, clients and faults; afterwards every thread they started has ended
 * and every port they bound can be bound again.
 */
class NoLeaksIT {
  private static final String RUN = "sharedcontext.noleaks.run";
  static final Set<Integer> ports = ConcurrentHashMap.newKeySet();

  @Test
  void perClassAndPerTestServersLeaveNoThreadAndNoPort() throws IOException {
    Set<Thread> before = liveThreads();
    System.setProperty(RUN, "true");
    TestExecutionSummary summary;
    try {
      summary = run(PerClassSample.class, PerTestSample.class);
    } finally {
      System.clearProperty(RUN);
    }
    assertThat(summary.getFailures()).as("failures of the samples").isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(4);
    assertThat(ports).hasSize(2 * 3); // a server and a proxy for the class, and for each of two tests

    // The JDK's HttpClient (Java 17) ends its selector thread only once the client is unreachable,
    // so collect garbage while waiting; Netty's global executor ends after a second of idleness.
    await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      System.gc();
      assertThat(names(newThreads(before))).isEmpty();
    });
    for (int port : ports) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  private static TestExecutionSummary run(Class<?>... classes) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (Class<?> c : classes) {
      request.selectors(selectClass(c));
    }
    launcher.execute(request.build(), listener);
    return listener.getSummary();
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = liveThreads();
    now.removeAll(before);
    return now;
  }

  private static List<String> names(Set<Thread> threads) {
    return threads.stream().map(Thread::getName).sorted().collect(Collectors.toList());
  }

  private static void exercise(TestServer server, SharedContextClient a, RecordingListener b) {
    ports.add(server.port());
    ports.add(server.server().port());
    a.setContext(ContextDocument.parse("{\"n\":1}"));
    b.awaitVersion(1, Duration.ofSeconds(10));
    server.inject(Fault.drop());
    b.awaitEvent(ClientEvent.Connected.class, Duration.ofSeconds(10));
  }

  @SharedContextTest
  @EnabledIfSystemProperty(named = RUN, matches = "true")
  static class PerClassSample {
    @Test
    void one(TestServer server, @Agent("a") SharedContextClient a, @Agent("b") RecordingListener b) {
      exercise(server, a, b);
    }

    @Test
    void two(TestServer server, @Agent("a") SharedContextClient a, @Agent("b") RecordingListener b) {
      exercise(server, a, b);
    }
  }

  @SharedContextTest(lifecycle = Lifecycle.PER_TEST)
  @EnabledIfSystemProperty(named = RUN, matches = "true")
  static class PerTestSample {
    @Test
    void one(TestServer server, @Agent("a") SharedContextClient a, @Agent("b") RecordingListener b) {
      exercise(server, a, b);
    }

    @Test
    void two(TestServer server, @Agent("a") SharedContextClient a, @Agent("b") RecordingListener b) {
      exercise(server, a, b);
    }
  }
}
