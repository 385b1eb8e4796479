package dev.sharedcontext.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The Redis peer's load generator: {@code redis-benchmark} (C, one thread, no pipelining, like
 * the HTTP side's wrk), its {@code --csv} row parsed.
 */
final class RedisLoad {
  private final Tool tool = Tool.require("redis-benchmark", "redis-tools");
  private final int port;

  RedisLoad(int port) {
    this.port = port;
  }

  /**
   * Runs {@code tests} (e.g. {@code "set,get"}) with values of {@code valueBytes} from
   * {@code connections} clients, {@code requests} per test, and returns the row of {@code report}.
   * A GET test is run together with SET so that it reads values of the given size, not nils.
   */
  LoadResult run(String tests, String report, int valueBytes, int connections, int requests) {
    String out = tool.run(List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-t", tests,
        "-d", Integer.toString(valueBytes), "-c", Integer.toString(connections), "-n", Integer.toString(requests),
        "--csv"), Duration.ofMinutes(3));
    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    for (String line : out.split("\n")) {
      String[] cells = line.strip().replace("\"", "").split(",");
      if (cells.length >= 7 && cells[0].equalsIgnoreCase(report)) {
        return new LoadResult(Double.parseDouble(cells[1]), Double.parseDouble(cells[4]), Double.parseDouble(cells[6]),
            requests, 0);
      }
    }
    throw new BenchmarkException("redis-benchmark printed no " + report + " row: " + out.strip().replace('\n', ' '));
  }
}
