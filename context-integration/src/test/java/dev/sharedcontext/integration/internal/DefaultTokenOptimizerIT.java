package dev.sharedcontext.integration.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.integration.ContextIntegration;
import dev.sharedcontext.integration.IntegrationOptions;
import dev.sharedcontext.integration.OptimizationSource;
import dev.sharedcontext.integration.OptimizedContext;
import dev.sharedcontext.testing.SharedContextTest;
import dev.sharedcontext.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The view of a head an agent read: windowed at the version read, never committed back over later commits. */
@SharedContextTest(proxy = false)
class DefaultTokenOptimizerIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aHeadReadBeforeAnotherAgentsCommitIsWindowedAtItsVersionAndLeavesTheCommitAlone(TestServer server) {
    try (ContextIntegration integration = ContextIntegration.start(IntegrationOptions.builder().serverUri(server.uri())
        .autoStart(false).healthCheckInterval(Duration.ZERO).build())) {
      integration.openProject("shop", ContextDocument.parse("{\"currentTask\":\"checkout\"}"));
      SharedContextClient reviewer = integration.client("shop", "reviewer");
      VersionedContext read = reviewer.getContext();
      await().atMost(WAIT).until(reviewer::isConnected);

      integration.client("shop", "coder").updateContext(
          Patch.parse("[{\"op\":\"add\",\"path\":\"/done_coder\",\"value\":true}]"));
      // The reviewer's cache is now past what it read: a whole-document commit of the read would
      // be the diff from the cache, the removal of the coder's change.
      await().atMost(WAIT).until(() -> reviewer.cached().orElseThrow().version() == read.version() + 1);

      DefaultTokenOptimizer optimizer = (DefaultTokenOptimizer) integration.tokenOptimizer("shop");
      OptimizedContext view = optimizer.optimizeHead("reviewer", read, 1_000);

      assertThat(view.source()).isEqualTo(OptimizationSource.SERVER_WINDOW);
      assertThat(view.serverVersion()).isEqualTo(read.version());
      assertThat(view.view()).as("the window of the version read, all of it within 1,000 tokens")
          .isEqualTo(read.document());
      VersionedContext head = reviewer.getContext();
      assertThat(head.version()).as("nothing committed in the reviewer's name").isEqualTo(read.version() + 1);
      assertThat(head.document().get("/done_coder")).as("the coder's commit stands").isPresent();
    }
  }
}
