package dev.sharedcontext.redis.server;

import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Commits per second and commit latency through servers over HTTP: each of {@code threads}
 * threads, with its own HTTP/1.1 connection to server {@code thread % servers}, sends
 * {@code POST /context/{id}/diff} with a one-member patch (no base version) as fast as the answers
 * come, to one shared project or to a project of its own; latencies are those of whole requests
 * as the client sees them.
 */
final class ServerThroughput {

  /** One measured run. */
  record Result(String name, int instances, int threads, boolean oneProject, long commits, double seconds,
      double p50Millis, double p99Millis) {
    double perSecond() {
      return commits / seconds;
    }

    @Override
    public String toString() {
      return String.format("%-22s instances=%d threads=%d %-12s %7.0f commits/s  p50 %6.2f ms  p99 %6.2f ms",
          name, instances, threads, oneProject ? "one project" : "own project", perSecond(), p50Millis, p99Millis);
    }
  }

  private ServerThroughput() {}

  static Result run(String name, List<SharedContextServer> servers, int threads, boolean oneProject,
      long warmupMillis, long measureMillis) throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    StringBuilder initial = new StringBuilder("{\"context\": {");
    for (int k = 0; k < 64; k++) {
      initial.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"value ").append(k).append('"');
    }
    initial.append("}}");
    HttpClient setup = HttpClient.newHttpClient();
    for (int t = 0; t < (oneProject ? 1 : threads); t++) {
      send(setup, servers.get(0).uri(), "PUT", "/context/bench-" + run + "-" + t, initial.toString());
    }
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        URI uri = servers.get(t % servers.size()).uri();
        String path = "/context/bench-" + run + "-" + (oneProject ? 0 : t) + "/diff";
        futures.add(pool.submit(() -> {
          HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          long[] latencies = new long[1 << 20];
          int n = 0;
          start.await();
          for (int i = 0; !stop.get(); i++) {
            String body = "{\"patch\": [{\"op\": \"replace\", \"path\": \"/k" + (thread * 8 + i % 8) % 64
                + "\", \"value\": \"t" + thread + " commit " + i + "\"}], \"agentId\": \"bench\"}";
            long t0 = System.nanoTime();
            send(client, uri, "POST", path, body);
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
      return new Result(name, servers.size(), threads, oneProject, all.length, seconds, percentile(all, 0.50),
          percentile(all, 0.99));
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  private static void send(HttpClient client, URI base, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
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
