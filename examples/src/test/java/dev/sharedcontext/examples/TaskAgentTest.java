package dev.sharedcontext.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.testing.Agent;
import dev.sharedcontext.testing.ClientEvent;
import dev.sharedcontext.testing.Fault;
import dev.sharedcontext.testing.RecordingListener;
import dev.sharedcontext.testing.SharedContextTest;
import dev.sharedcontext.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How an agent is unit-tested with context-testing: an in-process server per test class, a ready
 * client for the agent, another for the "planner" whose events are recorded, and a fault injected
 * between them.
 */
@SharedContextTest
class TaskAgentTest {

  @Test
  void completesATaskThePlannerSets(@Agent("worker") SharedContextClient worker,
      @Agent("planner") SharedContextClient planner, @Agent("planner") RecordingListener plannerSees) {
    TaskAgent.start(worker);

    planner.setContext(ContextDocument.parse("{\"currentTask\":\"write the README\",\"completedTasks\":[]}"));
    plannerSees.awaitVersion(1, Duration.ofSeconds(5)); // its own commit reaches its cache first

    ClientEvent.Update done = plannerSees.takeEvent(ClientEvent.Update.class);
    assertThat(done.agentId()).isEqualTo("worker");
    assertThat(planner.cached().orElseThrow().document())
        .isEqualTo(ContextDocument.parse("{\"currentTask\":\"\",\"completedTasks\":[\"write the README\"]}"));
    plannerSees.assertNoMoreEvents(Duration.ofMillis(200)); // one commit per task, no echo
  }

  @Test
  void catchesUpOnATaskSetWhileItWasDisconnected(TestServer server, @Agent("worker") RecordingListener workerSees,
      @Agent("worker") SharedContextClient worker, @Agent("planner") SharedContextClient planner) {
    planner.setContext(ContextDocument.parse("{\"currentTask\":\"\",\"completedTasks\":[]}"));
    workerSees.awaitVersion(1, Duration.ofSeconds(5));
    TaskAgent.start(worker);

    server.inject(Fault.stall()); // the worker hears nothing...
    server.commit(server.projectId(), ContextDocument.parse("{\"currentTask\":\"fix the build\",\"completedTasks\":[]}"));
    workerSees.assertNoMoreEvents(Duration.ofMillis(200));
    server.inject(Fault.drop()); // ...then loses its connection
    server.resume();

    workerSees.awaitEvent(ClientEvent.Connected.class, Duration.ofSeconds(10));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.head(server.projectId())
        .orElseThrow().toJsonNode().path("completedTasks").toString().equals("[\"fix the build\"]"));
  }

  @Test
  void theTaskLogicAlone() {
    ContextDocument before = ContextDocument.parse("{\"currentTask\":\"t\"}");
    assertThat(TaskAgent.completeTask(before))
        .isEqualTo(ContextDocument.parse("{\"currentTask\":\"\",\"completedTasks\":[\"t\"]}"));
    ContextDocument idle = ContextDocument.parse("{\"currentTask\":\"\"}");
    assertThat(TaskAgent.completeTask(idle)).isSameAs(idle);
  }
}
