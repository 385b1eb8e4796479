package dev.sharedcontext.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrationOptionsTest {
  @Test
  void defaultsAreTheDocumentedConstants() {
    IntegrationOptions o = IntegrationOptions.defaults();
    assertThat(o.serverUri()).isEqualTo(URI.create("http://localhost:3003"));
    assertThat(o.autoStart()).isTrue();
    assertThat(o.healthCheckInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.probeTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.authToken()).isNull();
    assertThat(o.hostAgentId()).isEqualTo("integration");
  }

  @Test
  void mutateKeepsEveryValue() {
    IntegrationOptions o = IntegrationOptions.builder().serverUri("http://10.0.0.1:4000").authToken("t")
        .autoStart(false).healthCheckInterval(Duration.ZERO).build();
    IntegrationOptions copy = o.mutate().build();
    assertThat(copy.serverUri()).isEqualTo(o.serverUri());
    assertThat(copy.authToken()).isEqualTo("t");
    assertThat(copy.autoStart()).isFalse();
    assertThat(copy.healthCheckInterval()).isZero();
    assertThat(copy.toString()).doesNotContain("t,").contains("bearer");
  }

  @Test
  void eachSetterChecksItsArgument() {
    IntegrationOptions.Builder b = IntegrationOptions.builder();
    assertThatThrownBy(() -> b.serverUri("ws://x:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.serverUri("/relative")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.healthCheckInterval(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.probeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.authToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.hostAgentId("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.requestTimeout(null)).isInstanceOf(NullPointerException.class).hasMessage("requestTimeout");
  }

  @Test
  void agentSpecsAreChecked() {
    assertThatThrownBy(() -> AgentSpec.of("a", 100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("128");
    assertThatThrownBy(() -> AgentSpec.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new AgentSpec("a", 1000, Map.of("role", "coder")).properties()).containsEntry("role", "coder");
  }

  @Test
  void statsAddUp() {
    AgentStats a = new AgentStats("p", "a", 3, 300, 1, 10, 2, 50, 1, 4, 10, 9);
    AgentStats b = new AgentStats("p", "b", 1, 100, 0, 0, 0, 0, 0, 1, 10, 1);
    assertThat(a.tokensSaved()).isEqualTo(360);
    ProjectStats p = ProjectStats.of("p", java.util.List.of(a, b));
    assertThat(p.tokensSaved()).isEqualTo(460);
    assertThat(p.cacheHitRate()).isEqualTo(0.5);
    IntegrationStats s = new IntegrationStats(ServerMode.EMBEDDED, HealthState.UP, java.util.List.of(a, b),
        java.util.List.of(p));
    assertThat(s.reconnects()).isEqualTo(5);
    assertThat(s.conflicts()).isEqualTo(1);
    assertThat(s.cacheHitRate()).isEqualTo(0.5);
  }
}
