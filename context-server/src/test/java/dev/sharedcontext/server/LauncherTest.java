package dev.sharedcontext.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.server.LauncherConverters.DurationConverter;
import dev.sharedcontext.server.LauncherConverters.SizeConverter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class LauncherTest {

  @Test
  void aTokenCacheOfAnotherSizeIsOneCounterForTheStoreAndTheServer() {
    Launcher defaults = new Launcher();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.options().tokenCounter()).isSameAs(TokenCounter.shared());
    Launcher sized = new Launcher();
    new CommandLine(sized).parseArgs("--token-cache-chars", "64m");
    ServerOptions o = sized.options();
    assertThat(o.tokenCounter()).isNotSameAs(TokenCounter.shared()).isSameAs(o.storeOptions().tokenCounter());
    assertThat(o.tokenCounter().name()).isEqualTo("o200k_base");
    assertThat(o.tokenCounter().count("the same count")).isEqualTo(TokenCounter.shared().count("the same count"));
  }

  @Test
  void flagsMapToOptions() {
    Launcher l = new Launcher();
    new CommandLine(l).parseArgs("--port", "0", "--max-body-bytes", "1m", "--max-subscribers", "7",
        "--cors-origins", "http://a.example,http://b.example", "--auth-token", "t1:read:p1,p2", "--auth-token", "t2:admin",
        "--request-timeout", "500ms", "--max-versions", "12", "--max-json-depth", "9");
    ServerOptions o = l.options();
    assertThat(o.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(o.maxSubscribersPerProject()).isEqualTo(7);
    assertThat(o.corsOrigins()).containsExactly("http://a.example", "http://b.example");
    assertThat(o.accessTokens()).hasSize(2);
    assertThat(o.accessTokens().get(0).projects()).containsExactlyInAnyOrder("p1", "p2");
    assertThat(o.requestTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.storeOptions().maxVersionsPerProject()).isEqualTo(12);
    assertThat(o.jsonLimits().maxDepth()).isEqualTo(9);
  }

  @Test
  void redisFlagsMapToOptions() {
    Launcher l = new Launcher();
    new CommandLine(l).parseArgs("--redis-uri", "redis://10.0.0.5:6380/2", "--redis-key-prefix", "team:", "--redis-cluster");
    ServerOptions o = l.options();
    assertThat(o.redisUri()).isEqualTo("redis://10.0.0.5:6380/2");
    assertThat(o.redisKeyPrefix()).isEqualTo("team:");
    assertThat(o.redisCluster()).isTrue();
    Launcher none = new Launcher();
    new CommandLine(none).parseArgs();
    assertThat(none.options().redisUri()).isNull();
    assertThat(none.options().redisKeyPrefix()).isEqualTo(ServerOptions.DEFAULT_REDIS_KEY_PREFIX);
    assertThat(none.options().redisCluster()).isFalse();
  }

  @Test
  void defaultsMatchServerOptions() {
    Launcher l = new Launcher();
    new CommandLine(l).parseArgs();
    ServerOptions o = l.options();
    ServerOptions d = ServerOptions.defaults();
    assertThat(l.port).isEqualTo(ServerOptions.DEFAULT_PORT);
    assertThat(l.host).isEqualTo(ServerOptions.DEFAULT_HOST);
    assertThat(o.maxBodyBytes()).isEqualTo(d.maxBodyBytes());
    assertThat(o.corsOrigins()).isEqualTo(d.corsOrigins());
    assertThat(o.requestTimeout()).isEqualTo(d.requestTimeout());
    assertThat(o.pingInterval()).isEqualTo(d.pingInterval());
    assertThat(o.shutdownQuietPeriod()).isEqualTo(d.shutdownQuietPeriod());
    assertThat(o.shutdownTimeout()).isEqualTo(d.shutdownTimeout());
    assertThat(o.writeBufferHighWaterMark()).isEqualTo(d.writeBufferHighWaterMark());
    assertThat(o.accessTokens()).isEqualTo(List.of());
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "30s, 30000", "2m, 120000", "1h, 3600000", "15, 15000", "PT1S, 1000", "0, 0"})
  void durations(String text, long millis) {
    assertThat(new DurationConverter().convert(text).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({"1024, 1024", "512k, 524288", "16m, 16777216", "1g, 1073741824", "16MiB, 16777216"})
  void sizes(String text, long bytes) {
    assertThat(new SizeConverter().convert(text)).isEqualTo(bytes);
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThatThrownBy(() -> new DurationConverter().convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    assertThatThrownBy(() -> new SizeConverter().convert("lots")).isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
