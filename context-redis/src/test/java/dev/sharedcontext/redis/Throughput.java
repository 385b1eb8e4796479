package dev.sharedcontext.redis;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Commits per second and commit latency through one or two store instances on one Redis: each
 * of {@code threads} threads commits small patches (one string member, no base) for a fixed time,
 * to one shared project or to a project of its own. Runnable as a program
 * ({@code Throughput <redis-uri>}) or from {@link ThroughputIT}.
 */
public final class Throughput {

  /** One measured run. */
  public record Result(String name, int instances, int threads, boolean oneProject, long commits, double seconds,
      double p50Millis, double p99Millis) {
    double perSecond() {
      return commits / seconds;
    }

    @Override
    public String toString() {
      return String.format("%-34s instances=%d threads=%d %-12s %8.0f commits/s  p50 %6.2f ms  p99 %6.2f ms",
          name, instances, threads, oneProject ? "one project" : "own project", perSecond(), p50Millis, p99Millis);
    }
  }

  private Throughput() {}

  public static Result run(String name, String uri, int instances, int threads, boolean oneProject,
      long warmupMillis, long measureMillis) throws Exception {
    String prefix = SharedRedis.prefix();
    RedisStoreOptions options = RedisStoreOptions.builder().uri(uri).keyPrefix(prefix)
        .storeOptions(StoreOptions.defaults()).build();
    List<ContextStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < instances; i++) {
        stores.add(RedisContextStore.create(options));
      }
      StringBuilder json = new StringBuilder("{");
      for (int k = 0; k < 64; k++) {
        json.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"value ").append(k).append('"');
      }
      ContextDocument initial = ContextDocument.parse(json.append('}').toString());
      for (int t = 0; t < threads; t++) {
        String project = oneProject ? "bench" : "bench-" + t;
        if (t == 0 || !oneProject) {
          stores.get(0).commit(project, CommitRequest.replace(initial));
        }
      }
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        ContextStore store = stores.get(t % instances);
        String project = oneProject ? "bench" : "bench-" + t;
        futures.add(pool.submit(() -> {
          long[] latencies = new long[1 << 20];
          int n = 0;
          start.await();
          for (int i = 0; !stop.get(); i++) {
            Patch patch = Patch.of(new PatchOperation.Replace(JsonPointer.of("k" + (thread * 8 + i % 8) % 64),
                TextNode.valueOf("t" + thread + " commit " + i)));
            long t0 = System.nanoTime();
            store.commit(project, CommitRequest.patch(patch).by("bench"));
            long took = System.nanoTime() - t0;
            if (measuring.get() && n < latencies.length) {
              latencies[n++] = took;
            }
          }
          return Arrays.copyOf(latencies, n);
        }));
      }
      start.countDown();
      waitFor(warmupMillis);
      measuring.set(true);
      long t0 = System.nanoTime();
      waitFor(measureMillis);
      measuring.set(false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      stop.set(true);
      long[] all = new long[0];
      for (Future<long[]> f : futures) {
        long[] part = f.get(1, TimeUnit.MINUTES);
        long[] merged = Arrays.copyOf(all, all.length + part.length);
        System.arraycopy(part, 0, merged, all.length, part.length);
        all = merged;
      }
      Arrays.sort(all);
      return new Result(name, instances, threads, oneProject, all.length, seconds, percentile(all, 0.50),
          percentile(all, 0.99));
    } finally {
      pool.shutdownNow();
      stores.forEach(ContextStore::close);
    }
  }

  /** Waits on a latch that nobody counts down: a timed wait that is not a sleep. */
  private static void waitFor(long millis) throws InterruptedException {
    new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : RedisStoreOptions.DEFAULT_URI;
    for (boolean oneProject : new boolean[] {true, false}) {
      System.out.println(run("main", uri, 1, 8, oneProject, 2000, 5000));
      System.out.println(run("main", uri, 2, 8, oneProject, 2000, 5000));
    }
  }
}
