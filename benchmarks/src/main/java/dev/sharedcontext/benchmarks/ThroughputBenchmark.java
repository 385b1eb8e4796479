package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.ServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * P1 and P2 (BENCHMARKS.md; issue 9): the embedded server loaded by {@code wrk} against a
 * {@code redis-server} loaded by {@code redis-benchmark}, both on loopback, in the same run.
 *
 * <ul>
 *   <li>P1: {@code GET /context/{id}} of a 10 KB context vs Redis GET of 10 KB; 50 connections.
 *   <li>P2: {@code POST /context/{id}/diff} of a one-line x-text edit (a new line every time, no
 *       base version) to a 100 KB context vs Redis SET of 1 KB; 50 connections.
 * </ul>
 *
 * <p>The two sides alternate for {@code --rounds} rounds so that the load of the shared machine
 * falls on both; each side's median round is reported. Each load generator runs one thread
 * ({@code --wrk-threads} changes wrk's), as redis-benchmark does.
 */
final class ThroughputBenchmark {
  static final double P1_TARGET_RATIO = 1.0;
  static final double P2_TARGET_RATIO = 0.5;
  static final double P2_TARGET_P99_MILLIS = 5.0;
  static final int CONNECTIONS = 50;

  private ThroughputBenchmark() {}

  static BenchmarkResult run(String[] args) {
    Options options = Options.parse(args, List.of("rounds", "seconds", "wrk-threads", "io-threads"));
    int rounds = options.number("rounds", 3);
    Duration seconds = Duration.ofSeconds(options.number("seconds", 8));
    Wrk wrk = new Wrk(options.number("wrk-threads", 1));
    int ioThreads = options.number("io-threads", ServerOptions.DEFAULT_IO_THREADS);
    Table table = new Table("throughput (P1, P2): SharedContext (wrk) vs Redis (redis-benchmark), " + CONNECTIONS
        + " connections, loopback, median of " + rounds + " alternating rounds",
        "id", "measure", "req/s", "p50 ms", "p99 ms", "errors", "Redis measure", "Redis req/s", "Redis p50",
        "Redis p99", "ratio", "target", "met");
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    boolean met;
    try (RedisProcess redis = RedisProcess.start(); EmbeddedServer server = EmbeddedServer.start(StoreOptions.defaults(),
        ServerOptions.builder().ioThreads(ioThreads).build())) {
      RedisLoad redisLoad = new RedisLoad(redis.port());
      server.seed("p1", SyntheticContext.document(10 * 1024));
      server.seed("p2", SyntheticContext.document(100 * 1024));
      // Warm-up, discarded: the JIT compiles the server's paths; redis-benchmark's own run also
      // tells how many requests make a run about as long as wrk's.
      wrk.get(server.context("p1"), CONNECTIONS, Duration.ofSeconds(4));
      wrk.post(server.diff("p2"), SyntheticContext.diffBodyTemplate(), CONNECTIONS, Duration.ofSeconds(4));
      int getRequests = requestsFor(redisLoad.run("set,get", "GET", 10240, CONNECTIONS, 20_000), seconds);
      int setRequests = requestsFor(redisLoad.run("set", "SET", 1024, CONNECTIONS, 20_000), seconds);

      Comparison p1 = compare(rounds,
          () -> wrk.get(server.context("p1"), CONNECTIONS, seconds),
          () -> redisLoad.run("set,get", "GET", 10240, CONNECTIONS, getRequests));
      Comparison p2 = compare(rounds,
          () -> wrk.post(server.diff("p2"), SyntheticContext.diffBodyTemplate(), CONNECTIONS, seconds),
          () -> redisLoad.run("set", "SET", 1024, CONNECTIONS, setRequests));
      boolean p1Met = p1.ratio() >= P1_TARGET_RATIO && p1.server().errors() == 0;
      boolean p2Met = p2.ratio() >= P2_TARGET_RATIO && p2.server().p99Millis() <= P2_TARGET_P99_MILLIS
          && p2.server().errors() == 0;
      met = p1Met && p2Met;
      row(table, "P1", "GET 10 KB context", "GET 10 KB", p1, ">= 1.0x", p1Met);
      row(table, "P2", "POST diff, 100 KB context", "SET 1 KB", p2, ">= 0.5x, p99 <= 5 ms", p2Met);
      figures.set("P1", p1.toJson(P1_TARGET_RATIO, p1Met));
      ObjectNode p2Json = p2.toJson(P2_TARGET_RATIO, p2Met);
      p2Json.put("targetP99Millis", P2_TARGET_P99_MILLIS);
      figures.set("P2", p2Json);
      figures.put("connections", CONNECTIONS);
      figures.put("rounds", rounds);
      figures.put("secondsPerRun", seconds.toSeconds());
    }
    return new BenchmarkResult("throughput", table, figures, met, options.out());
  }

  /** Server and Redis runs in turn, {@code rounds} times each. */
  static Comparison compare(int rounds, Supplier<LoadResult> server, Supplier<LoadResult> redis) {
    List<LoadResult> s = new ArrayList<>();
    List<LoadResult> r = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      s.add(server.get());
      r.add(redis.get());
    }
    return new Comparison(s, r);
  }

  private static int requestsFor(LoadResult calibration, Duration duration) {
    return (int) Math.max(10_000, Math.min(5_000_000, calibration.requestsPerSecond() * duration.toSeconds()));
  }

  private static void row(Table t, String id, String measure, String redisMeasure, Comparison c, String target,
      boolean met) {
    LoadResult s = c.server();
    LoadResult r = c.redis();
    t.row(id, measure, String.format("%,.0f", s.requestsPerSecond()), fmt(s.p50Millis()), fmt(s.p99Millis()),
        s.errors(), redisMeasure, String.format("%,.0f", r.requestsPerSecond()), fmt(r.p50Millis()),
        fmt(r.p99Millis()), String.format("%.2fx", c.ratio()), target, met ? "yes" : "NO");
  }

  private static String fmt(double millis) {
    return String.format("%.2f", millis);
  }

  /** Both sides' rounds; the median round of each and their throughput ratio. */
  record Comparison(List<LoadResult> serverRounds, List<LoadResult> redisRounds) {
    LoadResult server() {
      return LoadResult.median(serverRounds);
    }

    LoadResult redis() {
      return LoadResult.median(redisRounds);
    }

    double ratio() {
      return server().requestsPerSecond() / redis().requestsPerSecond();
    }

    ObjectNode toJson(double targetRatio, boolean met) {
      ObjectNode n = BenchmarkResult.JSON.createObjectNode();
      n.set("server", server().toJson());
      n.set("redis", redis().toJson());
      n.put("ratio", Math.round(ratio() * 1000) / 1000.0);
      n.put("targetRatio", targetRatio);
      n.put("met", met);
      ArrayNode s = n.putArray("serverRounds");
      serverRounds.forEach(x -> s.add(x.toJson()));
      ArrayNode r = n.putArray("redisRounds");
      redisRounds.forEach(x -> r.add(x.toJson()));
      return n;
    }
  }
}
