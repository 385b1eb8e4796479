package dev.sharedcontext.server.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's figures. Each is counted once, in a {@link LongAdder} or atomic, and published
 * both in the {@code /metrics} JSON and through Micrometer (Prometheus exposition), which reads
 * the same counters. Thread-safe.
 */
public final class ServerMetrics {
  final LongAdder requests = new LongAdder();
  final LongAdder clientErrors = new LongAdder();
  final LongAdder serverErrors = new LongAdder();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder cacheMisses = new LongAdder();
  final LongAdder commits = new LongAdder();
  final LongAdder conflicts = new LongAdder();
  final LongAdder wsMessagesIn = new LongAdder();
  final LongAdder updatesSent = new LongAdder();
  final LongAdder updatesDropped = new LongAdder();
  final LongAdder catchUps = new LongAdder();
  final LongAdder snapshotsSent = new LongAdder();
  final LongAdder tokensSaved = new LongAdder();
  final LongAdder tokensServed = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder bytesBeforeCompression = new LongAdder();
  final LongAdder bytesAfterCompression = new LongAdder();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger subscribers = new AtomicInteger();
  final AtomicLong maxSubscriberBacklog = new AtomicLong();
  final long startNanos = System.nanoTime();

  private PrometheusMeterRegistry registry; // made on the first scrape: it costs ~100 ms of start-up
  private MultiGauge contextBytes;
  private volatile StoreStats store = StoreStats.EMPTY;

  private synchronized PrometheusMeterRegistry registry() {
    if (registry == null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      register(registry);
      updateRows();
    }
    return registry;
  }

  private void register(PrometheusMeterRegistry registry) {
    counter("sharedcontext.http.requests", requests, "HTTP requests received");
    counter("sharedcontext.http.client.errors", clientErrors, "HTTP answers with a 4xx status");
    counter("sharedcontext.http.server.errors", serverErrors, "HTTP answers with a 5xx status");
    counter("sharedcontext.snapshot.cache.hits", cacheHits, "snapshot reads served from serialized bytes");
    counter("sharedcontext.snapshot.cache.misses", cacheMisses, "snapshot reads that serialized");
    counter("sharedcontext.commits", commits, "versions committed through this server");
    counter("sharedcontext.conflicts", conflicts, "commits refused for a version conflict");
    counter("sharedcontext.ws.messages.received", wsMessagesIn, "WebSocket messages received");
    counter("sharedcontext.updates.sent", updatesSent, "context_update messages written to subscribers");
    counter("sharedcontext.updates.dropped", updatesDropped, "updates dropped for stalled subscribers");
    counter("sharedcontext.catchups", catchUps, "catch-ups (one delta or snapshot) sent to subscribers");
    counter("sharedcontext.snapshots.sent", snapshotsSent, "context_snapshot messages sent");
    // A gauge, not a counter: a patch bigger than its context saves a negative amount, honestly.
    Gauge.builder("sharedcontext.tokens.saved", tokensSaved, LongAdder::doubleValue)
        .description("tokens of full contexts not sent because a delta was, net").register(registry);
    counter("sharedcontext.tokens.served", tokensServed, "tokens of contexts and patches sent");
    counter("sharedcontext.bytes.sent", bytesSent, "payload bytes sent (HTTP bodies, WebSocket messages)");
    counter("sharedcontext.compression.bytes.in", bytesBeforeCompression, "bytes before compression");
    counter("sharedcontext.compression.bytes.out", bytesAfterCompression, "bytes after compression");
    Gauge.builder("sharedcontext.connections", connections, AtomicInteger::get)
        .description("open connections").register(registry);
    Gauge.builder("sharedcontext.subscribers", subscribers, AtomicInteger::get)
        .description("open WebSocket subscribers").register(registry);
    Gauge.builder("sharedcontext.subscriber.backlog.max.bytes", maxSubscriberBacklog, AtomicLong::get)
        .description("most bytes ever buffered for one subscriber").baseUnit("bytes").register(registry);
    Gauge.builder("sharedcontext.contexts", this, m -> m.store.contexts()).description("projects held").register(registry);
    Gauge.builder("sharedcontext.versions", this, m -> m.store.versions()).description("versions readable").register(registry);
    Gauge.builder("sharedcontext.store.bytes", this, m -> m.store.bytes()).baseUnit("bytes").register(registry);
    Gauge.builder("sharedcontext.direct.memory.used", this, m -> directMemoryUsed()).baseUnit("bytes").register(registry);
    contextBytes = MultiGauge.builder("sharedcontext.context.bytes").description("bytes of the largest contexts")
        .baseUnit("bytes").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
  }

  private void counter(String name, LongAdder adder, String description) {
    PrometheusMeterRegistry registry = this.registry;
    FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).register(registry);
  }

  /** Records what the store holds now; gauges and the JSON read this reading. */
  void updateStore(StoreStats stats) {
    this.store = stats;
    updateRows();
  }

  private synchronized void updateRows() {
    if (contextBytes != null) {
      contextBytes.register(store.largest().stream()
          .map(p -> MultiGauge.Row.of(Tags.of("project", p.projectId()), p.head().sizeBytes()))
          .toList(), true);
    }
  }

  StoreStats store() {
    return store;
  }

  /** Notes the bytes buffered for one subscriber after a write. */
  void observeBacklog(long bytes) {
    // Read first: every message of every subscriber passes here, and a write of the shared line
    // (which accumulateAndGet does even when nothing changes) would bounce it between I/O threads.
    if (bytes > maxSubscriberBacklog.get()) {
      maxSubscriberBacklog.accumulateAndGet(bytes, Math::max);
    }
  }

  /** Prometheus text exposition format. */
  String prometheus() {
    return registry().scrape();
  }

  static long directMemoryUsed() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p ? p.metric().usedDirectMemory() : -1;
  }

  double uptimeSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  synchronized void close() {
    if (registry != null) {
      registry.close();
    }
  }
}
