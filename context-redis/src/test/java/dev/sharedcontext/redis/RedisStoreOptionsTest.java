package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.store.StoreOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreOptionsTest {

  @Test
  void defaultsAreTheNamedConstants() {
    RedisStoreOptions o = RedisStoreOptions.defaults();
    assertThat(o.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(o.uri().getPort()).isEqualTo(6379);
    assertThat(o.cluster()).isFalse();
    assertThat(o.keyPrefix()).isEqualTo(RedisStoreOptions.DEFAULT_KEY_PREFIX);
    assertThat(o.commandTimeout()).isEqualTo(RedisStoreOptions.DEFAULT_COMMAND_TIMEOUT);
    assertThat(o.deliveryTimeout()).isEqualTo(RedisStoreOptions.DEFAULT_DELIVERY_TIMEOUT);
    assertThat(o.sweepInterval()).isEqualTo(RedisStoreOptions.DEFAULT_SWEEP_INTERVAL);
    assertThat(o.maxCommitAttempts()).isEqualTo(RedisStoreOptions.DEFAULT_MAX_COMMIT_ATTEMPTS);
    assertThat(o.storeOptions()).isSameAs(StoreOptions.defaults());
    assertThat(o.clientResources()).isNull();
  }

  @Test
  void settersCheckAtOnce() {
    RedisStoreOptions.Builder b = RedisStoreOptions.builder();
    assertThatThrownBy(() -> b.uri("not a uri")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.keyPrefix("a{b}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.commandTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.sweepInterval(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxCommitAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.storeOptions(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void sentinelUrisAreAccepted() {
    RedisStoreOptions o = RedisStoreOptions.builder().uri("redis-sentinel://127.0.0.1:26379/0#mymaster").build();
    assertThat(o.uri().getSentinelMasterId()).isEqualTo("mymaster");
  }

  @Test
  void mutateCopiesAndTheUriIsNotShared() {
    RedisStoreOptions o = RedisStoreOptions.builder().uri("redis://localhost:7000").keyPrefix("x:").cluster(true).build();
    RedisStoreOptions copy = o.mutate().maxCommitAttempts(3).build();
    assertThat(copy.uri().getPort()).isEqualTo(7000);
    assertThat(copy.keyPrefix()).isEqualTo("x:");
    assertThat(copy.cluster()).isTrue();
    assertThat(copy.maxCommitAttempts()).isEqualTo(3);
    o.uri().setPort(1);
    assertThat(o.uri().getPort()).isEqualTo(7000);
  }
}
