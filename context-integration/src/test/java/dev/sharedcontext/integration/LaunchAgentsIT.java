package dev.sharedcontext.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.testing.SharedContextTest;
import dev.sharedcontext.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** launchAgentsOptimized against a test server: set-up, views, outcomes, teardown, and hosts' mistakes. */
@SharedContextTest(proxy = false)
class LaunchAgentsIT {
  private ContextIntegration integration;
  private final ExecutorService agentsPool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void start(TestServer server) {
    integration = ContextIntegration.start(IntegrationOptions.builder().serverUri(server.uri())
        .autoStart(false).healthCheckInterval(Duration.ZERO).build());
    integration.openProject("shop", ContextDocument.parse(
        "{\"currentTask\":\"checkout\",\"documentation\":\"" + "long text. ".repeat(400) + "\"}"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (integration != null) {
      integration.close();
    }
    agentsPool.shutdown();
    assertThat(agentsPool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void eachAgentGetsItsClientAndViewAndIsTornDownWhenItFinishes() {
    List<AgentSession> sessions = new CopyOnWriteArrayList<>();
    List<String> finished = new CopyOnWriteArrayList<>();
    integration.addListener(new IntegrationListener() {
      @Override
      public void onAgentFinished(AgentOutcome outcome) {
        finished.add(outcome.spec().agentId());
        throw new IllegalStateException("a listener's bug never breaks a launch");
      }
    });
    DynamicAgentManager manager = (agent, session) -> {
      sessions.add(session);
      return CompletableFuture.runAsync(() -> {
        assertThat(session.client().isConnected() || session.client().cached().isPresent()).isTrue();
        session.client().update(d -> d.toJsonNode().has("done_" + agent.agentId()) ? d
            : Patch.parse("[{\"op\":\"add\",\"path\":\"/done_" + agent.agentId() + "\",\"value\":true}]").apply(d));
      }, agentsPool);
    };

    AgentRun run = integration.launchAgentsOptimized("shop",
        List.of(AgentSpec.of("coder", 256), AgentSpec.of("reviewer", 20_000)), manager);
    List<AgentOutcome> outcomes = run.completion().join();

    assertThat(outcomes).extracting(o -> o.status()).containsOnly(AgentOutcome.Status.COMPLETED);
    assertThat(outcomes).extracting(o -> o.spec().agentId()).containsExactly("coder", "reviewer");
    assertThat(outcomes).allSatisfy(o -> assertThat(o.stats().commits()).isEqualTo(1));
    assertThat(finished).containsExactlyInAnyOrder("coder", "reviewer");

    OptimizedContext small = sessions.get(0).view();
    OptimizedContext large = sessions.get(1).view();
    assertThat(small.window().tokens()).isLessThanOrEqualTo(256);
    assertThat(small.window().references()).as("the documentation does not fit 256 tokens").isNotEmpty();
    assertThat(large.window().complete()).isTrue();
    for (AgentSession s : sessions) {
      assertThatThrownBy(() -> s.client().getContext()).as("torn down").isInstanceOf(ClosedException.class);
    }
  }

  @Test
  void aLauncherThatThrowsOrAnAgentThatFailsIsRecordedAndTheOthersRun() {
    CountDownLatch release = new CountDownLatch(1);
    DynamicAgentManager manager = (agent, session) -> switch (agent.agentId()) {
      case "broken-launcher" -> throw new IllegalStateException("cannot start");
      case "failing" -> CompletableFuture.failedFuture(new RuntimeException("agent crashed"));
      default -> CompletableFuture.runAsync(() -> awaitQuietly(release), agentsPool);
    };
    AgentRun run = integration.launchAgentsOptimized("shop",
        List.of(AgentSpec.of("broken-launcher"), AgentSpec.of("failing"), AgentSpec.of("fine")), manager);
    assertThat(run.completion()).isNotDone();
    release.countDown();
    List<AgentOutcome> outcomes = run.completion().join();

    assertThat(outcomes).extracting(o -> o.status()).containsExactly(AgentOutcome.Status.NOT_LAUNCHED,
        AgentOutcome.Status.FAILED, AgentOutcome.Status.COMPLETED);
    assertThat(outcomes.get(0).failure()).hasMessage("cannot start");
    assertThat(outcomes.get(1).failure()).hasMessageContaining("agent crashed");
  }

  @Test
  void closingARunTearsDownAgentsStillRunning() {
    CountDownLatch never = new CountDownLatch(1);
    AgentRun run = integration.launchAgentsOptimized("shop", List.of(AgentSpec.of("slow")),
        (agent, session) -> CompletableFuture.runAsync(() -> awaitQuietly(never), agentsPool));
    run.close();
    AgentOutcome outcome = run.completion().join().get(0);
    assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.FAILED);
    assertThatThrownBy(() -> run.sessions().get(0).client().getContext()).isInstanceOf(ClosedException.class);
    never.countDown();
  }

  @Test
  void twoAgentsWithOneIdAreRefused() {
    assertThatThrownBy(() -> integration.launchAgentsOptimized("shop", List.of(AgentSpec.of("a"), AgentSpec.of("a")),
        (agent, session) -> CompletableFuture.completedFuture(null))).isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
