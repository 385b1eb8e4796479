package dev.sharedcontext.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real three-master Redis Cluster on loopback for tests: three {@code redis-server}s in cluster
 * mode joined with {@code redis-cli --cluster create}; ready when every node reports
 * {@code cluster_state:ok} (polled with Awaitility, no sleeping). Closing kills the nodes.
 */
public final class RedisCluster implements AutoCloseable {
  private final List<RedisServer> nodes = new ArrayList<>();

  private RedisCluster() {}

  public static RedisCluster start() {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(RedisServer.start(false, List.of("--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
      }
      List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (RedisServer node : cluster.nodes) {
        cmd.add("127.0.0.1:" + node.port());
      }
      cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process create = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(cluster.nodes.get(0).dir().resolve("cluster-create.log").toFile()).start();
      if (create.waitFor() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed, see "
            + cluster.nodes.get(0).dir().resolve("cluster-create.log"));
      }
      for (RedisServer node : cluster.nodes) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> clusterOk(node));
      }
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException | RuntimeException e) {
      cluster.close();
      throw new IllegalStateException("cannot start a Redis Cluster", e);
    }
  }

  private static boolean clusterOk(RedisServer node) {
    RedisClient client = RedisClient.create(node.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().clusterInfo().contains("cluster_state:ok");
    } finally {
      client.shutdown();
    }
  }

  /** The URI of one node; Lettuce's cluster client discovers the others. */
  public String uri() {
    return nodes.get(0).uri();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
