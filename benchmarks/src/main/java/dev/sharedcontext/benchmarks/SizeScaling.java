package dev.sharedcontext.benchmarks;

import java.time.Duration;

/**
 * Scaling by context size (10 KB, 100 KB, 1 MB): {@code GET /context/{id}} and a one-line commit
 * by {@code POST /diff}, one connection each (wrk), so the figures are latencies without
 * queueing; beside the GET, Redis GET of a value of the same size (redis-benchmark, one client).
 */
final class SizeScaling {
  static final int[] SIZES = {10 * 1024, 100 * 1024, 1024 * 1024};
  private static final Duration WARMUP = Duration.ofSeconds(2);
  private static final Duration MEASURE = Duration.ofSeconds(3);

  private SizeScaling() {}

  static void run(ScalingTable out) {
    Wrk wrk = new Wrk(1);
    try (RedisProcess redis = RedisProcess.start(); EmbeddedServer server = EmbeddedServer.start()) {
      RedisLoad redisLoad = new RedisLoad(redis.port());
      for (int size : SIZES) {
        String id = "size-" + size / 1024 + "k";
        server.seed(id, SyntheticContext.document(size));
        wrk.get(server.context(id), 1, WARMUP);
        LoadResult get = wrk.get(server.context(id), 1, MEASURE);
        // About 2-3 s of requests at any size: the time of one GET grows with the value.
        LoadResult redisGet = redisLoad.run("set,get", "GET", size, 1, Math.max(1000, 200_000_000 / size));
        wrk.post(server.diff(id), SyntheticContext.diffBodyTemplate(), 1, WARMUP);
        LoadResult commit = wrk.post(server.diff(id), SyntheticContext.diffBodyTemplate(), 1, MEASURE);
        String work = size / 1024 + " KB";
        check(get, "GET " + work);
        check(commit, "POST diff " + work);
        out.latency("context size", work, "GET /context/{id}", get.p50Millis(), get.p99Millis(),
            redisGet.p50Millis(), "wrk -c 1");
        out.latency("context size", work, "POST /diff (one-line edit)", commit.p50Millis(), commit.p99Millis(),
            Double.NaN, "wrk -c 1");
      }
    }
  }

  private static void check(LoadResult r, String what) {
    if (r.errors() > 0) {
      throw new BenchmarkException(what + ": " + r.errors() + " of " + r.requests() + " requests failed");
    }
  }
}
