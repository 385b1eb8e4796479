package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults while updates flow: connections cut at random points by a proxy, and the server
 * stopped and restarted on its port. Every client must end at the head's exact hash, having seen
 * every update once and in order, without downloading the whole context again.
 */
class FaultIT {
  private static final int UPDATES = 1000;
  private static final int CLIENTS = 3;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private SharedContextClient subscriber(java.net.URI uri, String project, int i, EventLog log) {
    return keep(SharedContextClient.builder().uri(uri).projectId(project).agentId("sub-" + i)
        .backoff(Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(250), 2, Backoff.Jitter.FULL))
        .random(new SplittableRandom(i)).pingInterval(Duration.ofMillis(200)).listener(log).build());
  }

  /** Update {@code i}: the counter, and one of 50 keys, so patches are small and paths recur. */
  private static Patch update(int i) {
    return Patch.of(new PatchOperation.Replace(JsonPointer.parse("/counter"), IntNode.valueOf(i)),
        new PatchOperation.Add(JsonPointer.parse("/items/k" + (i % 50)), TextNode.valueOf("value " + i)));
  }

  private String diagnostics = "";

  private void assertConverged(ContextStore store, String project, List<SharedContextClient> clients,
      List<EventLog> logs) throws InterruptedException {
    var head = store.head(project).orElseThrow();
    for (int i = 0; i < clients.size(); i++) {
      try {
        logs.get(i).awaitVersion(head.version().version(), WAIT);
      } catch (AssertionError e) {
        StringBuilder state = new StringBuilder(e.getMessage()).append(diagnostics);
        for (int j = 0; j < clients.size(); j++) {
          List<EventLog.Event> ev = logs.get(j).events();
          state.append("\nclient ").append(j).append(": connected=").append(clients.get(j).isConnected())
              .append(", ").append(clients.get(j).stats()).append(", last events ")
              .append(ev.subList(Math.max(0, ev.size() - 3), ev.size()));
        }
        throw new AssertionError(state.toString(), e);
      }
      assertThat(clients.get(i).cached().orElseThrow().hash()).as("client %d", i).isEqualTo(head.version().hash());
      assertThat(clients.get(i).cached().orElseThrow().document()).isEqualTo(head.document());
      logs.get(i).assertContiguous();
      assertThat(logs.get(i).count("snapshot")).as("client %d downloaded the context whole again", i).isEqualTo(1);
    }
  }

  @Test
  void connectionsCutAtRandomPointsWhileUpdatesFlow() throws Exception {
    TestServer server = keep(new TestServer(ContextStore.inMemory()));
    ChaosProxy proxy = keep(new ChaosProxy(server.port()));
    SplittableRandom random = new SplittableRandom(20261127);
    proxy.cutAfter(() -> random.nextLong(2_000, 40_000));
    String project = "chaos";
    SharedContextClient writer = keep(SharedContextClient.builder().uri(server.uri()).projectId(project)
        .agentId("writer").streaming(false).build());
    writer.setContext(ContextDocument.parse("{\"counter\":0,\"items\":{}}"));

    List<EventLog> logs = new ArrayList<>();
    List<SharedContextClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      EventLog log = new EventLog();
      logs.add(log);
      clients.add(subscriber(proxy.uri(), project, i, log));
      log.awaitVersion(1, WAIT);
    }
    for (int i = 1; i <= UPDATES; i++) {
      writer.updateContext(update(i));
    }
    diagnostics = "; proxy: " + proxy.connections() + " connections, " + proxy.cuts() + " cuts";
    assertConverged(server.store(), project, clients, logs);
    assertThat(proxy.cuts()).as("the proxy cut connections").isGreaterThan(CLIENTS);
    for (SharedContextClient c : clients) {
      assertThat(c.stats().connects()).isGreaterThan(1);
    }
  }

  @Test
  void serverStoppedAndRestartedOnItsPortMidStream() throws Exception {
    TestServer server = keep(new TestServer(ContextStore.inMemory()));
    ContextStore store = server.store();
    String project = "restart";
    store.commit(project, CommitRequest.replace(ContextDocument.parse("{\"counter\":0,\"items\":{}}")).by("w"));

    List<EventLog> logs = new ArrayList<>();
    List<SharedContextClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      EventLog log = new EventLog();
      logs.add(log);
      clients.add(subscriber(server.uri(), project, i, log));
      log.awaitVersion(1, WAIT);
    }
    int port = server.port();
    for (int i = 1; i <= UPDATES; i++) {
      if (i == UPDATES / 3) {
        server.stop();
      }
      if (i == 2 * UPDATES / 3) {
        server.startAgain(port);
      }
      store.commit(project, CommitRequest.patch(update(i)).by("w"));
    }
    assertConverged(store, project, clients, logs);
    for (EventLog log : logs) {
      assertThat(log.disconnects()).isPositive();
    }
  }
}
