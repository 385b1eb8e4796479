package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 9's scaling table: how each cost grows with its work — context size (10 KB → 1 MB),
 * subscribers (1 → 1,000, taken from the latest {@code fanout} result rather than measured
 * twice), projects held (1 → 10,000) and versions kept (10 → 10,000). Informational: no targets.
 * {@code --skip-http 1} leaves out the parts that need wrk and redis-server (the context sizes
 * over HTTP, and the versions kept on the Redis store).
 */
final class ScalingBenchmark {
  private ScalingBenchmark() {}

  static BenchmarkResult run(String[] args) {
    // Records (the patch operations) have no Unsafe field offsets on JDK 17; JOL then needs its
    // own way of finding them. Must be set before JOL's first use.
    System.setProperty("jol.magicFieldOffset", "true");
    Options options = Options.parse(args, List.of("skip-http"));
    ScalingTable out = new ScalingTable();
    if (options.number("skip-http", 0) == 0) {
      SizeScaling.run(out);
    }
    subscribersFromFanout(options.out().resolve("fanout.json"), out);
    ProjectScaling.run(out);
    VersionScaling.run(out);
    if (options.number("skip-http", 0) == 0) {
      RedisVersionScaling.run(out);
    }
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    figures.set("rows", out.json());
    return BenchmarkResult.informational("scaling", out.table(), figures, options.out());
  }

  private static void subscribersFromFanout(Path fanout, ScalingTable out) {
    if (!Files.isRegularFile(fanout)) {
      System.err.println("scaling: no " + fanout + "; run the fanout benchmark first for the subscribers rows");
      return;
    }
    JsonNode json;
    try {
      json = BenchmarkResult.JSON.readTree(fanout.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String source = "fanout " + json.path("date").asText();
    for (JsonNode row : json.path("sizes")) {
      out.latency("subscribers", String.format("%,d", row.path("subscribers").asInt()), "commit -> last receipt",
          row.path("server").path("p50Millis").asDouble(), row.path("server").path("p99Millis").asDouble(),
          row.path("redis").path("p50Millis").asDouble(), source);
    }
  }
}
