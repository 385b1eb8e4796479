package dev.sharedcontext.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.client.Backoff;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.testing.Fault;
import dev.sharedcontext.testing.SharedContextTest;
import dev.sharedcontext.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The statistics count what happened: deltas received and their savings, commits, conflicts, reconnects, reads. */
@SharedContextTest
class StatisticsIT {

  @Test
  void countsDeliveriesCommitsConflictsReconnectsAndReads(TestServer server) {
    try (ContextIntegration integration = ContextIntegration.start(IntegrationOptions.builder()
        .serverUri(server.uri()).autoStart(false).healthCheckInterval(Duration.ZERO)
        .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(200), 2.0, Backoff.Jitter.NONE)).build())) {
      integration.openProject("p", ContextDocument.parse("{\"doc\":\"" + "words ".repeat(300) + "\",\"n\":0}"));
      SharedContextClient writer = integration.client("p", "writer");
      SharedContextClient reader = integration.client("p", "reader");
      long v1 = reader.getContext().version();
      await().atMost(Duration.ofSeconds(10)).until(reader::isConnected);

      writer.update(v1, Patch.parse("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":1}]"));
      await().atMost(Duration.ofSeconds(10)).until(() -> reader.cached().orElseThrow().version() == v1 + 1);
      reader.getContext(); // served from the live cache

      assertThatThrownBy(() -> reader.update(v1, Patch.parse("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]")))
          .isInstanceOf(VersionConflictException.class);

      server.inject(Fault.drop());
      await().atMost(Duration.ofSeconds(10)).until(() -> stats(integration, "reader").reconnects() >= 1);

      AgentStats r = stats(integration, "reader");
      AgentStats w = stats(integration, "writer");
      assertThat(w.commits()).isEqualTo(1);
      assertThat(w.tokensSavedCommitting()).as("a one-number change of a long context").isPositive();
      assertThat(r.updatesReceived()).isEqualTo(1);
      assertThat(r.tokensSavedReceiving()).isPositive();
      assertThat(r.conflicts()).isEqualTo(1);
      assertThat(r.reads()).isEqualTo(2);
      assertThat(r.cacheHits()).isGreaterThanOrEqualTo(1);

      ProjectStats p = integration.stats().projects().get(0);
      assertThat(p.projectId()).isEqualTo("p");
      assertThat(p.conflicts()).isEqualTo(1);
      assertThat(integration.stats().reconnects()).isGreaterThanOrEqualTo(1);

      reader.close(); // figures outlive the client
      assertThat(stats(integration, "reader").reads()).isEqualTo(2);
    }
  }

  private static AgentStats stats(ContextIntegration integration, String agentId) {
    return integration.stats().agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst().orElseThrow();
  }
}
