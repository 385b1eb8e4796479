package dev.sharedcontext.server.internal;

import java.util.Locale;

/**
 * Makes the launcher's periodic one-line performance report: rates since the previous line,
 * levels now. Not thread-safe; one caller (the report timer).
 */
public final class PerformanceReporter {
  private final ServerRuntime rt;
  private MetricsReport.Snapshot previous;

  public PerformanceReporter(ServerRuntime rt) {
    this.rt = rt;
    this.previous = new MetricsReport(rt).snapshot();
  }

  /** The next line, e.g. {@code 120.0 req/s, 3.5 commits/s, 400.0 updates/s ...}. */
  public String nextLine() {
    MetricsReport.Snapshot now = new MetricsReport(rt).snapshot();
    double seconds = Math.max(1e-9, (now.nanos() - previous.nanos()) / 1e9);
    String line = String.format(Locale.ROOT,
        "%.1f req/s, %.1f commits/s, %.1f updates/s (%d dropped), %d tokens saved; %d connections, "
            + "%d subscribers, %d contexts, %d versions, heap %d MiB",
        (now.requests() - previous.requests()) / seconds,
        (now.commits() - previous.commits()) / seconds,
        (now.updatesSent() - previous.updatesSent()) / seconds,
        now.updatesDropped() - previous.updatesDropped(),
        now.tokensSaved() - previous.tokensSaved(),
        now.connections(), now.subscribers(), now.contexts(), now.versions(), now.heapUsed() >> 20);
    previous = now;
    return line;
  }
}
