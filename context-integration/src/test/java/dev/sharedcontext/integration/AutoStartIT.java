package dev.sharedcontext.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start: a server that answers is reused; none answering, an embedded one is started where the URI says. */
class AutoStartIT {
  private static final ServerOptions FAST_CLOSE = ServerOptions.builder().ioThreads(1)
      .shutdownQuietPeriod(Duration.ofMillis(100)).build();

  private static IntegrationOptions.Builder options(String uri) {
    return IntegrationOptions.builder().serverUri(uri).healthCheckInterval(Duration.ZERO)
        .embeddedServerOptions(FAST_CLOSE);
  }

  @Test
  void noServerAnswering_startsAnEmbeddedOneOnTheConfiguredPortAndStopsItOnClose() {
    int port = Ports.free();
    ContextIntegration integration = ContextIntegration.start(options("http://127.0.0.1:" + port).build());
    try {
      assertThat(integration.mode()).isEqualTo(ServerMode.EMBEDDED);
      assertThat(integration.startupMessage()).contains("started an embedded server at http://127.0.0.1:" + port);
      assertThat(integration.embeddedServer()).hasValueSatisfying(s -> assertThat(s.port()).isEqualTo(port));
      assertThat(integration.health().state()).isEqualTo(HealthState.UP);
      assertThat(integration.openProject("p", ContextDocument.parse("{\"a\":1}")).version()).isEqualTo(1);
    } finally {
      integration.close();
    }
    assertThat(Ports.bindable(port)).as("the embedded server is stopped").isTrue();
  }

  @Test
  void aServerAnswering_isReusedAndLeftRunning() {
    try (SharedContextServer server = SharedContextServer.builder().port(0).options(FAST_CLOSE).build().start()) {
      try (ContextIntegration integration = ContextIntegration.start(options(server.uri().toString()).build())) {
        assertThat(integration.mode()).isEqualTo(ServerMode.EXTERNAL);
        assertThat(integration.embeddedServer()).isEmpty();
        assertThat(integration.startupMessage()).startsWith("Using the SharedContext server at " + server.uri());
        integration.openProject("shared", ContextDocument.parse("{\"currentTask\":\"x\"}"));
        assertThat(server.store().head("shared")).as("the project lives in the external server").isPresent();
      }
      assertThat(server.isRunning()).as("closing the integration leaves an external server alone").isTrue();
    }
  }

  @Test
  void openingAnExistingProjectKeepsIt() {
    try (SharedContextServer server = SharedContextServer.builder().port(0).options(FAST_CLOSE).build().start();
        ContextIntegration integration = ContextIntegration.start(options(server.uri().toString()).build())) {
      integration.openProject("p", ContextDocument.parse("{\"a\":1}"));
      assertThat(integration.openProject("p", ContextDocument.parse("{\"a\":2}")).document())
          .isEqualTo(ContextDocument.parse("{\"a\":1}"));
      integration.deleteProject("p");
      assertThat(server.store().head("p")).isEmpty();
    }
  }

  /**
   * Two hosts opening one new project at once, forty times: the first creation stands and both
   * hosts open it (version 1, one of the two initial documents, never both merged, never one
   * written over the other).
   */
  @Test
  void twoHostsOpeningOneNewProjectAtOnceOpenTheFirstCreation() throws Exception {
    ExecutorService hosts = Executors.newFixedThreadPool(2);
    try (SharedContextServer server = SharedContextServer.builder().port(0).options(FAST_CLOSE).build().start();
        ContextIntegration a = ContextIntegration.start(options(server.uri().toString()).build());
        ContextIntegration b = ContextIntegration.start(options(server.uri().toString()).build())) {
      ContextDocument fromA = ContextDocument.parse("{\"createdBy\":\"a\"}");
      ContextDocument fromB = ContextDocument.parse("{\"other\":\"b\"}");
      for (int i = 0; i < 40; i++) {
        String project = "race-" + i;
        CyclicBarrier start = new CyclicBarrier(2);
        Future<VersionedContext> openedByA = hosts.submit(() -> {
          start.await();
          return a.openProject(project, fromA);
        });
        Future<VersionedContext> openedByB = hosts.submit(() -> {
          start.await();
          return b.openProject(project, fromB);
        });
        VersionedContext headA = openedByA.get(30, TimeUnit.SECONDS);
        VersionedContext headB = openedByB.get(30, TimeUnit.SECONDS);
        ContextSnapshot head = server.store().head(project).orElseThrow();
        assertThat(head.version().version()).as("versions of %s", project).isEqualTo(1);
        assertThat(head.document()).as(project).isIn(fromA, fromB);
        assertThat(headA.version()).as("opened by a").isEqualTo(1);
        assertThat(headB.version()).as("opened by b").isEqualTo(1);
        assertThat(headA.document()).isEqualTo(head.document());
        assertThat(headB.document()).isEqualTo(head.document());
      }
    } finally {
      hosts.shutdownNow();
    }
  }

  @Test
  void noServerAndNoAutoStart_isAConnectionErrorNamingTheUri() {
    int port = Ports.free();
    assertThatThrownBy(() -> ContextIntegration.start(options("http://127.0.0.1:" + port).autoStart(false).build()))
        .isInstanceOf(ConnectionException.class).hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("autoStart is off");
  }
}
