package dev.sharedcontext.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The health monitor's events: one per change of state, in order, whatever the listeners do. */
class HealthMonitorIT {
  private static final ServerOptions FAST_CLOSE = ServerOptions.builder().ioThreads(1)
      .shutdownQuietPeriod(Duration.ofMillis(50)).build();

  /** Records health events; the test reads them. */
  static final class Recorder implements IntegrationListener {
    final List<HealthEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onHealthChanged(HealthEvent event) {
      events.add(event);
    }

    List<String> transitions() {
      return events.stream().map(e -> e.previous() + "->" + e.state()).toList();
    }
  }

  private static final IntegrationListener THROWING = new IntegrationListener() {
    @Override
    public void onHealthChanged(HealthEvent event) {
      throw new IllegalStateException("a listener's bug");
    }
  };

  private static SharedContextServer server(int port) {
    return SharedContextServer.builder().port(port).options(FAST_CLOSE).build().start();
  }

  @Test
  void checksReportDownAndUpAgainOncePerChangeEvenPastAThrowingListener() {
    SharedContextServer server = server(0);
    int port = server.port();
    Recorder recorder = new Recorder();
    try (ContextIntegration integration = ContextIntegration.start(IntegrationOptions.builder()
        .serverUri(server.uri()).autoStart(false).healthCheckInterval(Duration.ZERO).build())) {
      integration.addListener(THROWING);
      integration.addListener(recorder);
      assertThat(integration.checkHealth().state()).isEqualTo(HealthState.UP);
      assertThat(recorder.events).as("no change, no event").isEmpty();

      server.close();
      HealthStatus down = integration.checkHealth();
      assertThat(down.state()).isEqualTo(HealthState.DOWN);
      assertThat(down.error()).contains("connection refused");
      integration.checkHealth(); // still down: no second event

      try (SharedContextServer again = server(port)) {
        assertThat(again.port()).isEqualTo(port);
        assertThat(integration.checkHealth().state()).isEqualTo(HealthState.UP);
        assertThat(integration.checkHealth().contexts()).isZero();
      }
      assertThat(recorder.transitions()).containsExactly("UP->DOWN", "DOWN->UP");
      assertThat(integration.stats().health()).isEqualTo(HealthState.UP);
    } finally {
      server.close();
    }
  }

  @Test
  void thePeriodicMonitorSeesTheServerGoAndComeBack() {
    SharedContextServer server = server(0);
    int port = server.port();
    Recorder recorder = new Recorder();
    try (ContextIntegration integration = ContextIntegration.start(IntegrationOptions.builder()
        .serverUri(server.uri()).autoStart(false).healthCheckInterval(Duration.ofMillis(50)).probeTimeout(Duration.ofMillis(500)).build())) {
      integration.addListener(THROWING);
      integration.addListener(recorder);
      server.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> recorder.transitions().contains("UP->DOWN"));
      try (SharedContextServer again = server(port)) {
        assertThat(again.port()).isEqualTo(port);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.transitions().contains("DOWN->UP"));
      }
      assertThat(recorder.transitions()).startsWith("UP->DOWN", "DOWN->UP");
    } finally {
      server.close();
    }
  }

  @Test
  void aServerThatAnswersButIsDrainingIsDegraded() throws IOException {
    HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext("/health", exchange -> {
      byte[] body = "{\"status\":\"draining\",\"version\":\"x\",\"contexts\":2,\"connections\":1,\"uptime\":9}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    stub.start();
    try (ContextIntegration integration = ContextIntegration.start(IntegrationOptions.builder()
        .serverUri("http://127.0.0.1:" + stub.getAddress().getPort()).autoStart(false).healthCheckInterval(Duration.ZERO).build())) {
      assertThat(integration.mode()).as("it answered, so it is not replaced").isEqualTo(ServerMode.EXTERNAL);
      HealthStatus h = integration.health();
      assertThat(h.state()).isEqualTo(HealthState.DEGRADED);
      assertThat(h.status()).isEqualTo("draining");
      assertThat(h.contexts()).isEqualTo(2);
    } finally {
      stub.stop(0);
    }
  }
}
