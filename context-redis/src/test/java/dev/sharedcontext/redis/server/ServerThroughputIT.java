package dev.sharedcontext.redis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.redis.ClosedLoop;
import dev.sharedcontext.redis.RedisServer;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server-level throughput: commits per second and p99 through one and through two instances on
 * one Redis (and, for scale, one instance on the memory store), 8 HTTP client threads; printed and
 * written to {@code target/server-throughput.txt}. Netty's leak detection (paranoid in the build)
 * is off for the runs, since it tracks every buffer. On a shared 2-core machine the figures are
 * indicative only, so the test checks nothing but that commits went through.
 */
class ServerThroughputIT {
  static final int THREADS = 8;
  static final long WARMUP_MILLIS = 1500;
  static final long MEASURE_MILLIS = 4000;

  @Test
  void commitsPerSecondThroughOneAndTwoInstances() throws Exception {
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    List<ClosedLoop.Result> results = new ArrayList<>();
    try (RedisServer redis = RedisServer.start()) {
      ServerOptions memory = ServerOptions.builder().shutdownQuietPeriod(Duration.ofMillis(100)).build();
      for (boolean oneProject : new boolean[] {true, false}) {
        try (SharedContextServer m = SharedContextServer.builder().port(0).options(memory).build().start()) {
          results.add(ServerThroughput.run("memory store", List.of(m), THREADS, oneProject, WARMUP_MILLIS,
              MEASURE_MILLIS));
        }
        ServerOptions options = RedisServers.options(redis).build();
        try (SharedContextServer a = RedisServers.start(options)) {
          results.add(ServerThroughput.run("redis", List.of(a), THREADS, oneProject, WARMUP_MILLIS, MEASURE_MILLIS));
        }
        options = RedisServers.options(redis).build();
        try (SharedContextServer a = RedisServers.start(options); SharedContextServer b = RedisServers.start(options)) {
          results.add(ServerThroughput.run("redis", List.of(a, b), THREADS, oneProject, WARMUP_MILLIS,
              MEASURE_MILLIS));
        }
      }
    } finally {
      ResourceLeakDetector.setLevel(level);
    }
    StringBuilder out = new StringBuilder();
    results.forEach(r -> out.append(r).append('\n'));
    System.out.print(out);
    Files.writeString(Path.of("target", "server-throughput.txt"), out);
    assertThat(results).allSatisfy(r -> assertThat(r.commits()).isPositive());
  }
}
