package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ProjectSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The {@code /metrics} figures, read fresh: the store is walked once per report. The JSON keeps
 * the original system's names ({@code totalRequests, cacheHits, cacheHitRate, compressionSaved,
 * compressionRatio, activeConnections, tokensSaved, tokensServed, activeContexts, totalVersions,
 * memoryUsage, uptime, contextSizes}) and adds the server's own.
 */
public final class MetricsReport {
  private final ServerRuntime rt;
  private final ServerMetrics m;

  MetricsReport(ServerRuntime rt) {
    this.rt = rt;
    this.m = rt.metrics;
    refreshStore();
  }

  private void refreshStore() {
    try {
      m.updateStore(StoreStats.of(rt.store, rt.options.metricsMaxContexts()));
    } catch (RuntimeException e) {
      // a closed or unreachable store: keep the last reading
    }
  }

  byte[] json() {
    StoreStats store = m.store();
    long hits = m.cacheHits.sum();
    long lookups = hits + m.cacheMisses.sum();
    long before = m.bytesBeforeCompression.sum();
    long after = m.bytesAfterCompression.sum();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    JsonOut out = JsonOut.bytes().startObject()
        .field("timestamp", Timestamps.now())
        .field("totalRequests", m.requests.sum())
        .field("cacheHits", hits)
        .field("cacheHitRate", lookups == 0 ? 0.0 : (double) hits / lookups)
        .field("compressionSaved", before - after)
        .field("compressionRatio", after == 0 ? 1.0 : (double) before / after)
        .field("activeConnections", m.connections.get())
        .field("tokensSaved", m.tokensSaved.sum())
        .field("tokensServed", m.tokensServed.sum())
        .field("activeContexts", store.contexts())
        .field("totalVersions", store.versions());
    out.name("memoryUsage").startObject()
        .field("heapUsed", heap.getUsed())
        .field("heapCommitted", heap.getCommitted())
        .field("heapMax", heap.getMax())
        .field("directUsed", ServerMetrics.directMemoryUsed())
        .field("storeBytes", store.bytes())
        .endObject();
    out.field("uptime", m.uptimeSeconds());
    out.name("contextSizes").startArray();
    for (ProjectSummary p : store.largest()) {
      out.startObject()
          .field("projectId", p.projectId())
          .field("version", p.head().version())
          .field("size", p.head().sizeBytes())
          .field("tokens", p.head().tokens())
          .field("versions", p.versionsRetained())
          .field("historyBytes", p.historyBytes())
          .field("subscribers", rt.feeds.count(p.projectId()))
          .endObject();
    }
    out.endArray();
    return out
        .field("commits", m.commits.sum())
        .field("conflicts", m.conflicts.sum())
        .field("clientErrors", m.clientErrors.sum())
        .field("serverErrors", m.serverErrors.sum())
        .field("subscribers", m.subscribers.get())
        .field("webSocketMessagesReceived", m.wsMessagesIn.sum())
        .field("updatesSent", m.updatesSent.sum())
        .field("updatesDropped", m.updatesDropped.sum())
        .field("catchUps", m.catchUps.sum())
        .field("snapshotsSent", m.snapshotsSent.sum())
        .field("bytesSent", m.bytesSent.sum())
        .field("subscriberBacklogMaxBytes", m.maxSubscriberBacklog.get())
        .field("subscriberBacklogBoundBytes", backlogBound())
        .endObject().toByteArray();
  }

  /**
   * The documented bound of bytes buffered per subscriber: the high water mark plus one
   * message, and a message is at most a context ({@code maxContextBytes}) with its envelope.
   * The figure here is the high water mark; the largest message sent is what may come on top.
   */
  long backlogBound() {
    return rt.options.writeBufferHighWaterMark();
  }

  String prometheus() {
    return m.prometheus();
  }

  /** Figures for the periodic report line. */
  Snapshot snapshot() {
    StoreStats store = m.store();
    return new Snapshot(System.nanoTime(), m.requests.sum(), m.commits.sum(), m.updatesSent.sum(),
        m.updatesDropped.sum(), m.tokensSaved.sum(), m.connections.get(), m.subscribers.get(), store.contexts(),
        store.versions(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  /** A reading for {@link PerformanceReporter}. */
  record Snapshot(long nanos, long requests, long commits, long updatesSent, long updatesDropped, long tokensSaved,
      int connections, int subscribers, long contexts, long versions, long heapUsed) {}
}
