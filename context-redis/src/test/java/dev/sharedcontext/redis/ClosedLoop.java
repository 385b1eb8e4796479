package dev.sharedcontext.redis;

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
 * A closed-loop load: {@code threads} workers each commit as fast as their last commit returns;
 * after a warm-up, the commits of a measured window are counted and their latencies kept. Shared
 * by the store-level and the server-level throughput measurements of this module.
 */
public final class ClosedLoop {

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

  /** The {@code i}-th commit of one worker. */
  @FunctionalInterface
  public interface Commit {
    void run(int i) throws Exception;
  }

  /** Makes worker {@code thread}'s commit, on the worker's own thread (for per-thread clients). */
  @FunctionalInterface
  public interface Worker {
    Commit open(int thread) throws Exception;
  }

  private ClosedLoop() {}

  /** Runs {@code threads} workers for a warm-up and a measured window; the result is named as given. */
  public static Result run(String name, int instances, int threads, boolean oneProject, long warmupMillis,
      long measureMillis, Worker worker) throws Exception {
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          Commit commit = worker.open(thread);
          long[] latencies = new long[1 << 20];
          int n = 0;
          start.await();
          for (int i = 0; !stop.get(); i++) {
            long t0 = System.nanoTime();
            commit.run(i);
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
      List<long[]> parts = new ArrayList<>();
      for (Future<long[]> f : futures) {
        parts.add(f.get(1, TimeUnit.MINUTES));
      }
      long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return new Result(name, instances, threads, oneProject, all.length, seconds, percentile(all, 0.50),
          percentile(all, 0.99));
    } finally {
      stop.set(true);
      pool.shutdownNow();
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
}
