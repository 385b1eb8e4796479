package dev.sharedcontext.benchmarks;

import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.store.internal.MemoryContextStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.openjdk.jol.info.GraphLayout;

/**
 * Scaling by projects held (1 → 10,000), each a distinct 4 KB context in one server's memory
 * store: the heap the store holds for them (JOL over every project's state, shared objects
 * counted once; process-wide caches such as the token counter's are left out), a one-line commit
 * to a random project (in-process {@code store.commit}, the work a request does past HTTP), and
 * {@code GET /health}, which reports the number of projects.
 */
final class ProjectScaling {
  static final int[] COUNTS = {1, 10, 100, 1000, 10_000};
  static final int CONTEXT_BYTES = 4096;
  private static final int COMMITS = 2000;
  private static final int HEALTH_REQUESTS = 200;

  private ProjectScaling() {}

  static void run(ScalingTable out) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (EmbeddedServer server = EmbeddedServer.start(StoreOptions.builder().maxProjects(20_000).build())) {
      ContextStore store = server.store();
      // One random sequence for the whole run: an edit repeated from an earlier phase would find
      // its token counts cached and look cheaper than a real one.
      Random random = new Random(1);
      // The JIT's warm-up, on a project that is then deleted so that its history is not weighed.
      server.seed("project-0", SyntheticContext.document(CONTEXT_BYTES, -1));
      commits(store, 1, 3000, random);
      health(http, server, 100);
      store.delete("project-0");
      // Heap first, growing to 10,000 projects with nothing but their first version; then the
      // latencies, shrinking back by deletion, so that the commits' history is never weighed.
      long[] heap = new long[COUNTS.length];
      int created = 0;
      for (int i = 0; i < COUNTS.length; i++) {
        for (; created < COUNTS[i]; created++) {
          server.seed("project-" + created, SyntheticContext.document(CONTEXT_BYTES, created));
        }
        heap[i] = heapOf((MemoryContextStore) store, COUNTS[i]);
      }
      Samples[] commit = new Samples[COUNTS.length];
      Samples[] health = new Samples[COUNTS.length];
      for (int i = COUNTS.length - 1; i >= 0; i--) {
        for (; created > COUNTS[i]; created--) {
          store.delete("project-" + (created - 1));
        }
        commit[i] = commits(store, COUNTS[i], COMMITS, random);
        health[i] = health(http, server, HEALTH_REQUESTS);
      }
      for (int i = 0; i < COUNTS.length; i++) {
        String work = String.format("%,d", COUNTS[i]);
        out.heap("projects", work, "heap held (4 KB contexts)", heap[i], COUNTS[i], "project", "JOL");
        out.latency("projects", work, "commit, random project", commit[i].p50(), commit[i].p99(), Double.NaN,
            "store.commit");
        out.latency("projects", work, "GET /health", health[i].p50(), health[i].p99(), Double.NaN,
            "JDK HttpClient");
      }
    }
  }

  private static Samples commits(ContextStore store, int projects, int n, Random random) {
    Samples s = new Samples();
    for (int i = 0; i < n; i++) {
      int p = random.nextInt(projects);
      Patch edit = SyntheticContext.edit(random.nextLong() & Long.MAX_VALUE);
      long t0 = System.nanoTime();
      store.commit("project-" + p, CommitRequest.patch(edit).by("bench"));
      s.add(System.nanoTime() - t0);
    }
    return s;
  }

  private static Samples health(HttpClient http, EmbeddedServer server, int n) {
    Samples s = new Samples();
    HttpRequest request = HttpRequest.newBuilder(server.context("x").resolve("/health"))
        .timeout(java.time.Duration.ofSeconds(30)).build();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          throw new BenchmarkException("GET /health answered " + r.statusCode());
        }
      } catch (java.io.IOException e) {
        throw new BenchmarkException("GET /health failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchmarkException("interrupted");
      }
      s.add(System.nanoTime() - t0);
    }
    return s;
  }

  /** Bytes reachable from the state of projects 0 to {@code count - 1}, each object once. */
  private static long heapOf(MemoryContextStore store, int count) {
    Object[] roots = new Object[count];
    for (int i = 0; i < count; i++) {
      roots[i] = store.footprintRoot("project-" + i);
    }
    return GraphLayout.parseInstance(roots).totalSize();
  }
}
