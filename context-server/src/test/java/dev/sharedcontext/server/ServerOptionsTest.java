package dev.sharedcontext.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

  @Test
  void defaultsAreTheConstants() {
    ServerOptions o = ServerOptions.defaults();
    assertThat(o.maxBodyBytes()).isEqualTo(ServerOptions.DEFAULT_MAX_BODY_BYTES);
    assertThat(o.maxFrameBytes()).isEqualTo(ServerOptions.DEFAULT_MAX_FRAME_BYTES);
    assertThat(o.corsOrigins()).isEqualTo(ServerOptions.DEFAULT_CORS_ORIGINS);
    assertThat(o.accessTokens()).isEmpty();
    assertThat(o.requestTimeout()).isEqualTo(ServerOptions.DEFAULT_REQUEST_TIMEOUT);
    assertThat(o.writeBufferHighWaterMark()).isEqualTo(ServerOptions.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK);
    assertThat(o.shutdownQuietPeriod()).isEqualTo(ServerOptions.DEFAULT_SHUTDOWN_QUIET_PERIOD);
  }

  /**
   * The server's default counter is the store's: with two, every file version a commit counted
   * was counted again, from nothing, for windows and token figures, and each kept a cache.
   */
  @Test
  void theDefaultTokenCounterIsTheStoresDefault() {
    assertThat(ServerOptions.defaults().tokenCounter()).isSameAs(StoreOptions.defaults().tokenCounter())
        .isSameAs(TokenCounter.shared());
  }

  @Test
  void mutateCopiesAndChangesOnlyWhatIsSet() {
    ServerOptions o = ServerOptions.builder().maxBodyBytes(10).pingInterval(Duration.ofSeconds(3)).build();
    ServerOptions p = o.mutate().maxFrameBytes(1000).build();
    assertThat(p.maxBodyBytes()).isEqualTo(10);
    assertThat(p.pingInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.maxFrameBytes()).isEqualTo(1000);
    assertThat(o.maxFrameBytes()).isEqualTo(ServerOptions.DEFAULT_MAX_FRAME_BYTES);
  }

  @Test
  void settersCheckAtOnce() {
    ServerOptionsBuilder b = ServerOptions.builder();
    assertThatThrownBy(() -> b.maxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> b.writeBufferWaterMarks(10, 5)).hasMessageContaining("low mark");
    assertThatThrownBy(() -> b.corsOrigins(List.of("localhost"))).hasMessageContaining("scheme://host");
    assertThatThrownBy(() -> b.accessTokens(List.of(AccessToken.parse("a:read"), AccessToken.parse("a:write"))))
        .hasMessageContaining("same token");
    assertThatThrownBy(() -> b.storeOptions(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("storeOptions");
  }

  @Test
  void ioThreadsDefaultToHalfTheProcessorsAndAtLeastOne() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(ServerOptions.defaults().effectiveIoThreads()).isEqualTo(Math.max(1, cores / 2));
    assertThat(ServerOptions.builder().ioThreads(3).build().effectiveIoThreads()).isEqualTo(3);
  }
}
