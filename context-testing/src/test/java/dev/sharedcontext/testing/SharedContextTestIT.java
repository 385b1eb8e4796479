package dev.sharedcontext.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The annotation, one server per class: injection, ready clients, events in order, a clean store per test. */
@SharedContextTest(projectId = "team")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedContextTestIT {
  private static int firstPort;

  @Test
  @Order(1)
  void injectsAServerAndReadyClientsThatSeeEachOthersChanges(TestServer server,
      @Agent("planner") SharedContextClient planner, @Agent("coder") RecordingListener coder) {
    firstPort = server.port();
    assertThat(server.projectId()).isEqualTo("team");
    assertThat(planner.options().uri()).isEqualTo(server.uri());
    assertThat(planner.isConnected()).isTrue();

    CommitReceipt r1 = planner.setContext(ContextDocument.parse("{\"currentTask\":\"plan\"}"));
    CommitReceipt r2 = planner.updateContext(Patch.parse("[{\"op\":\"add\",\"path\":\"/done\",\"value\":[]}]"));

    // The first version reaches a subscriber of a project that did not exist as an update based on 0
    // or as a snapshot; either way, then the second version as one update.
    ClientEvent first = coder.takeEvent();
    assertThat(first).isInstanceOfAny(ClientEvent.Update.class, ClientEvent.Snapshot.class);
    ClientEvent.Update second = coder.takeEvent(ClientEvent.Update.class);
    assertThat(second.version()).isEqualTo(r2.version()).isEqualTo(r1.version() + 1);
    assertThat(second.agentId()).isEqualTo("planner");
    coder.assertNoMoreEvents();
  }

  @Test
  @Order(2)
  void theSameServerServesTheNextTestWithAnEmptyStore(TestServer server, TestAgent agent) {
    assertThat(server.port()).isEqualTo(firstPort);
    assertThat(server.store().projects()).isEmpty();
    assertThat(agent.agentId()).isEqualTo(Agent.DEFAULT_AGENT);
    assertThat(agent.client().cached()).isEmpty();
  }

  @Test
  @Order(3)
  void aClientOfAnExistingProjectIsReadyWithItsHead(TestServer server) {
    long v = server.commit("team", ContextDocument.parse("{\"a\":1}"));
    TestAgent late = server.agent("late");
    assertThat(late.client().cached()).hasValueSatisfying(c -> assertThat(c.version()).isEqualTo(v));
    late.events().assertNoMoreEvents(); // getting ready (connect, snapshot) is not left in the queue
    server.commit("team", ContextDocument.parse("{\"a\":2}"));
    assertThat(late.events().takeEvent(ClientEvent.Update.class).version()).isEqualTo(v + 1);
  }

  @Test
  @Order(4)
  void parametersNamingTheSameAgentShareItsClient(@Agent("x") SharedContextClient client, @Agent("x") TestAgent agent,
      @Agent(value = "x", project = "other") SharedContextClient elsewhere) {
    assertThat(agent.client()).isSameAs(client);
    assertThat(elsewhere).isNotSameAs(client);
    assertThat(elsewhere.options().projectId()).isEqualTo("other");
  }
}
