package dev.sharedcontext.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each fault, seen from a client through the proxy: what it observes, and that it recovers without a gap. */
@SharedContextTest(lifecycle = Lifecycle.PER_TEST)
class FaultInjectionIT {
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final Duration RECOVERY = Duration.ofSeconds(10);

  @Test
  void aDroppedConnectionIsResetAndTheClientResumesWithoutAGap(TestServer server, @Agent("a") TestAgent agent) {
    server.commit(server.projectId(), doc(1));
    agent.events().awaitVersion(1, RECOVERY);
    long connections = server.proxyConnections();

    server.inject(Fault.drop());
    ClientEvent.Disconnected d = agent.events().takeEvent(ClientEvent.Disconnected.class);
    assertThat(d.cause()).as("a reset is not an orderly close").isNotNull();
    server.commit(server.projectId(), doc(2)); // while the client is away
    agent.events().awaitEvent(ClientEvent.Connected.class, RECOVERY);

    ClientEvent caughtUp = agent.events().takeEvent();
    assertThat(caughtUp).isInstanceOfAny(ClientEvent.Update.class, ClientEvent.Resynced.class);
    assertThat(agent.client().cached().orElseThrow().version()).isEqualTo(2);
    assertThat(server.proxyConnections()).isGreaterThan(connections);
  }

  @Test
  void aStallHoldsUpdatesUntilItEnds(TestServer server, @Agent("a") TestAgent agent) {
    server.commit(server.projectId(), doc(1));
    agent.events().awaitVersion(1, RECOVERY);

    server.inject(Fault.stall());
    server.commit(server.projectId(), doc(2));
    agent.events().assertNoMoreEvents(QUIET);
    assertThat(agent.client().isConnected()).as("a stall is not a disconnection").isTrue();

    server.resume();
    assertThat(agent.events().takeEvent(ClientEvent.Update.class).version()).isEqualTo(2);
    agent.events().assertNoMoreEvents();
  }

  @Test
  void aTimedStallEndsByItself(TestServer server, @Agent("a") TestAgent agent) {
    server.inject(Fault.stall(Duration.ofMillis(200)));
    server.commit(server.projectId(), doc(1));
    ClientEvent first = agent.events().takeEvent(Duration.ofSeconds(5));
    assertThat(first).isInstanceOfAny(ClientEvent.Update.class, ClientEvent.Snapshot.class);
  }

  @Test
  void aCloseWithACodeReachesTheClientAsThatCode(TestServer server, @Agent("a") TestAgent agent) {
    server.commit(server.projectId(), doc(1));
    agent.events().awaitVersion(1, RECOVERY);

    server.inject(Fault.close(4001, "maintenance"));
    ClientEvent.Disconnected d = agent.events().takeEvent(ClientEvent.Disconnected.class);
    assertThat(d.cause()).hasMessageContaining("4001").hasMessageContaining("maintenance");
    agent.events().awaitEvent(ClientEvent.Connected.class, RECOVERY);

    server.commit(server.projectId(), doc(2));
    assertThat(agent.events().takeEvent(ClientEvent.Update.class).version()).isEqualTo(2);
  }

  @Test
  void aNormalClosureIsAnOrderlyDisconnect(TestServer server, @Agent("a") TestAgent agent) {
    server.inject(Fault.close(1000));
    assertThat(agent.events().takeEvent(ClientEvent.Disconnected.class).cause()).isNull();
    agent.events().awaitEvent(ClientEvent.Connected.class, RECOVERY);
  }

  @Test
  void faultsNeedTheProxy() {
    try (TestServer direct = TestServer.start(TestServerOptions.builder().proxy(false).build())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> direct.inject(Fault.drop()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("proxy");
    }
  }

  private static ContextDocument doc(int n) {
    return ContextDocument.parse("{\"currentTask\":\"step " + n + "\"}");
  }
}
