package dev.sharedcontext.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The throughput figures, through one and two store instances, without persistence and with
 * {@code appendfsync always}; printed and written to {@code target/redis-throughput.txt}. On a
 * shared 2-core machine they are indicative only, so the test checks nothing but that commits
 * went through.
 */
class ThroughputIT {

  @Test
  void commitsPerSecondThroughOneAndTwoInstances() throws Exception {
    List<ClosedLoop.Result> results = new ArrayList<>();
    try (RedisServer plain = RedisServer.start(false); RedisServer durable = RedisServer.start(true)) {
      for (boolean oneProject : new boolean[] {true, false}) {
        for (int instances = 1; instances <= 2; instances++) {
          results.add(Throughput.run("no persistence", plain.uri(), instances, 8, oneProject, 1000, 3000));
        }
      }
      for (int instances = 1; instances <= 2; instances++) {
        results.add(Throughput.run("appendonly, appendfsync always", durable.uri(), instances, 8, true, 1000, 3000));
      }
    }
    StringBuilder out = new StringBuilder();
    results.forEach(r -> out.append(r).append('\n'));
    System.out.print(out);
    Files.writeString(Path.of("target", "redis-throughput.txt"), out);
    assertThat(results).allSatisfy(r -> assertThat(r.commits()).isPositive());
  }
}
