package dev.sharedcontext.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default optimizer on a real project history (the ky trace): shared through the server while
 * it runs, windowed within budget, deltas between views; and when the server dies, windowed
 * locally and reported as such.
 */
class TokenOptimizerFallbackIT {
  private static final int BUDGET = 4_000;
  private static Trace trace;

  private SharedContextServer server;
  private ContextIntegration integration;

  @BeforeAll
  static void loadTrace() {
    trace = Trace.load("sindresorhus__ky");
  }

  @BeforeEach
  void start() {
    server = SharedContextServer.builder().port(0)
        .options(ServerOptions.builder().ioThreads(1).shutdownQuietPeriod(Duration.ofMillis(50)).build()).build().start();
    integration = ContextIntegration.start(IntegrationOptions.builder().serverUri(server.uri())
        .autoStart(false).healthCheckInterval(Duration.ZERO).requestTimeout(Duration.ofSeconds(15)).build());
  }

  @AfterEach
  void stop() {
    if (integration != null) {
      integration.close();
    }
    server.close();
  }

  private static ContextDocument version(int v) {
    return ContextDocument.of(TraceContexts.toJson(trace.version(v).state()));
  }

  @Test
  void sharesThroughTheServerAndFallsBackToLocalWindowsWhenItDies() {
    TokenOptimizer optimizer = integration.tokenOptimizer("ky");

    OptimizedContext first = optimizer.optimizeContext("coder", version(0), BUDGET);
    assertThat(first.source()).as(first.fallbackReason()).isEqualTo(OptimizationSource.SERVER_WINDOW);
    assertThat(first.serverVersion()).isEqualTo(1);
    assertThat(server.store().head("ky").orElseThrow().document()).as("the context is shared").isEqualTo(version(0));
    assertThat(first.window().tokens()).isLessThanOrEqualTo(BUDGET);
    assertThat(first.window().references()).as("a 40-file project does not fit 4k tokens").isNotEmpty();
    assertThat(first.contextTokens()).isEqualTo(TokenCounter.bpe().count(version(0)));
    assertThat(first.isDelta()).isFalse();
    assertThat(first.tokensSaved()).isGreaterThan(first.contextTokens() / 2);

    OptimizedContext second = optimizer.optimizeContext("coder", version(1), BUDGET);
    assertThat(second.serverVersion()).isEqualTo(2);
    assertThat(second.window().tokens()).isLessThanOrEqualTo(BUDGET);

    server.close(); // the server dies

    OptimizedContext local = optimizer.optimizeContext("coder", version(2), BUDGET);
    assertThat(local.source()).isEqualTo(OptimizationSource.LOCAL_FALLBACK);
    assertThat(local.isLocalFallback()).isTrue();
    assertThat(local.fallbackReason()).contains("unreachable");
    assertThat(local.serverVersion()).as("no server version for a context the server never saw").isZero();
    assertThat(local.window().tokens()).isLessThanOrEqualTo(BUDGET);
    assertThat(local.isDelta()).as("a local view is never a delta of a shared one").isFalse();

    OptimizedContext localAgain = optimizer.optimizeContext("coder", version(3), BUDGET);
    assertThat(localAgain.source()).isEqualTo(OptimizationSource.LOCAL_FALLBACK);
    assertThat(localAgain.deliveredTokens()).isLessThanOrEqualTo(localAgain.window().tokens());

    AgentStats coder = integration.stats().agents().stream().filter(a -> a.agentId().equals("coder")).findFirst()
        .orElseThrow();
    assertThat(coder.windows()).isEqualTo(4);
    assertThat(coder.tokensSavedByWindows()).isPositive();
  }

  @Test
  void anUnchangedContextIsDeliveredAsAnEmptyDelta() {
    TokenOptimizer optimizer = integration.tokenOptimizer("ky");
    OptimizedContext first = optimizer.optimizeContext("reviewer", version(5), BUDGET);
    OptimizedContext again = optimizer.optimizeContext("reviewer", version(5), BUDGET);
    assertThat(again.serverVersion()).as("nothing new was committed").isEqualTo(first.serverVersion());
    assertThat(again.isDelta()).isTrue();
    assertThat(again.delta().isEmpty()).isTrue();
    assertThat(again.deliveredTokens()).isLessThan(first.deliveredTokens());
  }
}
