package dev.sharedcontext.benchmarks;

import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.store.internal.MemoryContextStore;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jol.info.GraphLayout;

/**
 * Scaling by versions kept (10 → 10,000) of one project with a 100 KB context: a one-line
 * commit once the history is full (so every commit also drops the oldest version), the heap of
 * the project (JOL, as {@code history-memory}), a catch-up from the oldest kept version
 * ({@code store.since}, what a client that reconnects after a long absence costs), and catch-ups
 * from {@value #SPREAD} versions spread evenly over the kept ones: the store rebuilds an old
 * version from the nearest document it keeps whole at or after it, so the oldest is not
 * necessarily the slowest.
 */
final class VersionScaling {
  static final int[] KEPT = {10, 100, 1000, 10_000};
  static final int CONTEXT_BYTES = 100 * 1024;
  private static final int MEASURED = 1000;
  private static final int CATCH_UPS = 10;
  static final int SPREAD = 100;
  static final String PROJECT = "versions";
  /** The last edit number used in this JVM: a repeated edit would find its token counts cached. */
  private static final AtomicLong EDITS = new AtomicLong();

  private VersionScaling() {}

  static void run(ScalingTable out) {
    for (int kept : KEPT) {
      try (MemoryContextStore store = (MemoryContextStore) ContextStore.inMemory(StoreOptions.builder()
          .maxVersionsPerProject(kept).build())) {
        Replay r = replay(store, kept, MEASURED);
        long heap = GraphLayout.parseInstance(store.footprintRoot(PROJECT)).totalSize();
        r.report(out, "");
        out.heap("versions kept", r.work(), "heap of the project", heap, r.retained(), "version", "JOL");
      }
    }
  }

  /** What {@link #replay} measured on one store. */
  record Replay(int kept, long retained, Samples commit, Samples since, Samples spread) {
    String work() {
      return String.format("%,d", kept) + (retained == kept ? "" : " (" + retained + " kept)");
    }

    /** Adds the three latency rows, their measures ending in {@code suffix}. */
    void report(ScalingTable out, String suffix) {
      out.latency("versions kept", work(), "commit, 100 KB context" + suffix, commit.p50(), commit.p99(), Double.NaN,
          "store.commit");
      out.latency("versions kept", work(), "since(oldest kept)" + suffix, since.p50(), since.p99(), Double.NaN,
          "store.since");
      out.latency("versions kept", work(), "since(" + SPREAD + " spread over kept)" + suffix, spread.p50(),
          spread.p99(), Double.NaN, "store.since");
    }
  }

  /**
   * Fills project {@link #PROJECT} of {@code store} (which keeps {@code kept} versions) with a
   * 100 KB context and at least 2,000 one-line commits, the last {@code measured} of them timed,
   * then times the catch-ups.
   */
  static Replay replay(ContextStore store, int kept, int measured) {
    store.commit(PROJECT, CommitRequest.replace(SyntheticContext.document(CONTEXT_BYTES)).by("seed"));
    Samples commit = new Samples();
    int total = Math.max(kept, 2000) + measured; // at least 2,000 unmeasured: the JIT's warm-up
    for (int i = 0; i < total; i++) {
      Patch edit = SyntheticContext.edit(EDITS.incrementAndGet());
      long t0 = System.nanoTime();
      store.commit(PROJECT, CommitRequest.patch(edit).by("bench"));
      long t = System.nanoTime() - t0;
      if (i >= total - measured) {
        commit.add(t);
      }
    }
    long retained = store.projects().get(0).versionsRetained();
    long head = store.head(PROJECT).orElseThrow().version().version();
    long oldest = head - retained + 1;
    Samples since = new Samples();
    for (int i = 0; i < CATCH_UPS; i++) {
      long t0 = System.nanoTime();
      store.since(PROJECT, oldest);
      since.add(System.nanoTime() - t0);
    }
    Samples spread = new Samples();
    for (int i = 0; i < SPREAD; i++) {
      long from = oldest + (retained - 1) * i / SPREAD;
      long t0 = System.nanoTime();
      store.since(PROJECT, from);
      spread.add(System.nanoTime() - t0);
    }
    return new Replay(kept, retained, commit, since, spread);
  }
}
