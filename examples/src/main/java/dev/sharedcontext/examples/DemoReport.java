package dev.sharedcontext.examples;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import dev.sharedcontext.traces.TraceDigest;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The demo's results: what was measured, against the naive cost, the git diffs and the targets. */
final class DemoReport {
  /** T1 of BENCHMARKS.md. */
  static final double TOKEN_REDUCTION_TARGET = 0.985;
  /** T2 of BENCHMARKS.md: deltas against git's, uncompressed and gzip-compressed. */
  static final double DELTA_BYTES_TARGET = 0.7;
  static final double DELTA_GZIP_TARGET = 1.0;

  private final Trace trace;
  private final List<AgentTally> tallies;
  private final List<SharedContextClient> clients;
  private final DeltaSizes deltas;
  private final TraceDemo.Naive naive;
  private final long replayNanos;
  private final boolean allReachedTheEnd;

  DemoReport(Trace trace, List<AgentTally> tallies, List<SharedContextClient> clients,
      DeltaSizes deltas, TraceDemo.Naive naive, long replayNanos, boolean allReachedTheEnd) {
    this.trace = trace;
    this.tallies = tallies;
    this.clients = clients;
    this.deltas = deltas;
    this.naive = naive;
    this.replayNanos = replayNanos;
    this.allReachedTheEnd = allReachedTheEnd;
  }

  /** Prints the report; true if every agent holds the trace's final digest. */
  boolean print(PrintStream out) {
    String expected = trace.metaText("sha256_last");
    String serverHash = clients.get(0).getContext().hash(); // the server's head, read over HTTP
    out.println();
    out.printf(Locale.ROOT, "%-8s %14s %12s %8s %10s %8s  %s%n", "AGENT", "TOKENS", "BYTES", "DELTAS", "SNAPSHOTS",
        "CATCH-UP", "FINAL STATE");
    boolean allOk = allReachedTheEnd;
    for (int i = 0; i < tallies.size(); i++) {
      AgentTally t = tallies.get(i);
      Optional<VersionedContext> held = clients.get(i).cached();
      String digest = held.map(c -> TraceDigest.of(TraceContexts.toState(c.document().toJsonNode()))).orElse("none");
      boolean ok = digest.equals(expected) && held.get().hash().equals(serverHash);
      allOk &= ok;
      out.printf(Locale.ROOT, "%-8s %,14d %12s %,8d %,10d %,8d  v%d digest %s… %s%n", t.agentId(), t.tokens(),
          bytes(t.bytes()), t.updates(), t.snapshots(), t.resyncs(), held.map(VersionedContext::version).orElse(0L),
          digest.substring(0, Math.min(12, digest.length())), ok ? "= trace's sha256_last, OK" : "MISMATCH");
    }
    long tokens = tallies.stream().mapToLong(AgentTally::tokens).sum();
    long bytes = tallies.stream().mapToLong(AgentTally::bytes).sum();
    double reduction = 1 - (double) tokens / naive.tokens();
    long gitRaw = trace.metaLong("git_diff_unified0_bytes_sum");
    long gitGzip = trace.metaLong("git_diff_unified0_gzip_bytes_sum");
    double rawRatio = (double) deltas.raw() / gitRaw;
    double gzipRatio = (double) deltas.gzip() / gitGzip;
    out.println();
    out.println("Measured (tokens: o200k_base BPE, counted by this demo from what the agents received)");
    out.printf(Locale.ROOT, "  tokens delivered   %,15d   naive (full context to every agent at every version) %,d%n",
        tokens, naive.tokens());
    out.printf(Locale.ROOT, "  token reduction    %14.2f %%   target >= %.1f %%: %s%n", reduction * 100,
        TOKEN_REDUCTION_TARGET * 100, reduction >= TOKEN_REDUCTION_TARGET ? "met" : "NOT met");
    out.printf(Locale.ROOT, "  bytes delivered    %15s   naive %s (%.1fx less)%n", bytes(bytes), bytes(naive.bytes()),
        (double) naive.bytes() / bytes);
    out.printf(Locale.ROOT, "  deltas, one agent  %15s   %,d deltas (trace versions 1..%d): %.2fx git diff -U0 (%s), "
        + "target <= %.1fx: %s%n", bytes(deltas.raw()), deltas.count(), trace.size() - 1, rawRatio, bytes(gitRaw),
        DELTA_BYTES_TARGET, rawRatio <= DELTA_BYTES_TARGET ? "met" : "NOT met");
    out.printf(Locale.ROOT, "  same, gzip -9 each %15s   %.2fx git diff -U0 gzipped (%s), target <= %.1fx: %s%n",
        bytes(deltas.gzip()), gzipRatio, bytes(gitGzip), DELTA_GZIP_TARGET,
        gzipRatio <= DELTA_GZIP_TARGET ? "met" : "NOT met");
    out.printf(Locale.ROOT, "  lossless           %15s   every agent's final state hashes to the trace's sha256_last%n",
        allOk ? "yes" : "NO");
    out.printf(Locale.ROOT, "  replay             %15s   %d versions, %.0f commits/s%n",
        String.format(Locale.ROOT, "%.2f s", replayNanos / 1e9), trace.size(), trace.size() / (replayNanos / 1e9));
    return allOk;
  }

  private static String bytes(long n) {
    if (n < 10 * 1024) {
      return n + " B";
    }
    return n < 1024L * 1024 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
