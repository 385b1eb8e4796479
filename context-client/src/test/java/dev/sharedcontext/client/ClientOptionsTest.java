package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.tokens.TokenEncoding;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

  @Test
  void defaultsAreTheNamedConstants() {
    ClientOptions o = ClientOptions.of("p1");
    assertThat(o.uri()).isEqualTo(URI.create("http://localhost:3003"));
    assertThat(o.projectId()).isEqualTo("p1");
    assertThat(o.agentId()).isEmpty();
    assertThat(o.streaming()).isTrue();
    assertThat(o.streamCompression()).isEqualTo(ClientOptions.DEFAULT_STREAM_COMPRESSION).isTrue();
    assertThat(o.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.requestTimeout()).isEqualTo(ClientOptions.DEFAULT_REQUEST_TIMEOUT);
    assertThat(o.backoff()).isEqualTo(ClientOptions.DEFAULT_BACKOFF);
    assertThat(o.authToken()).isNull();
    assertThat(o.tokenEncoding()).isEqualTo(TokenEncoding.O200K_BASE);
    assertThat(o.acceptEncodings()).containsExactly(Codec.ZSTD, Codec.GZIP, Codec.DEFLATE);
    assertThat(o.scheduler()).isNull();
    assertThat(o.executor()).isNull();
  }

  @Test
  void mutateCopiesEveryValueAndLeavesTheOriginalAlone() {
    ClientOptions a = ClientOptions.builder().projectId("p1").uri("http://127.0.0.1:9").agentId("a")
        .streaming(false).streamCompression(false).cacheTtl(Duration.ZERO).authToken("t0k3n").acceptEncodings(List.of(Codec.GZIP))
        .maxUpdateAttempts(3).pingInterval(Duration.ZERO).build();
    ClientOptions b = a.mutate().agentId("b").build();
    assertThat(b.agentId()).isEqualTo("b");
    assertThat(a.agentId()).isEqualTo("a");
    assertThat(b).usingRecursiveComparison().ignoringFields("agentId").isEqualTo(a);
  }

  @Test
  void misuseIsRefusedAtOnceNamingTheParameter() {
    ClientOptionsBuilder b = ClientOptions.builder();
    assertThatThrownBy(() -> b.projectId(null)).isInstanceOf(NullPointerException.class).hasMessage("projectId");
    assertThatThrownBy(() -> b.projectId("a/b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("projectId");
    assertThatThrownBy(() -> b.uri("ftp://x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> b.cacheTtl(Duration.ofSeconds(-1))).hasMessageContaining("cacheTtl");
    assertThatThrownBy(() -> b.maxUpdateAttempts(0)).hasMessageContaining("maxUpdateAttempts");
    assertThatThrownBy(() -> b.authToken("has space")).hasMessageContaining("authToken");
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("projectId");
  }

  @Test
  void toStringDoesNotShowTheToken() {
    ClientOptions o = ClientOptions.builder().projectId("p").authToken("secret-token").build();
    assertThat(o.toString()).doesNotContain("secret-token").contains("bearer").contains("streamCompression=true");
  }
}
