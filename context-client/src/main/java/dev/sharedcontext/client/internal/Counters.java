package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.ClientStats;
import java.util.concurrent.atomic.LongAdder;

/** The client's counters; {@link #snapshot()} makes the public {@link ClientStats}. Thread-safe. */
final class Counters {
  final LongAdder reads = new LongAdder();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder notModified = new LongAdder();
  final LongAdder updatesApplied = new LongAdder();
  final LongAdder snapshots = new LongAdder();
  final LongAdder resyncs = new LongAdder();
  final LongAdder connects = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();

  ClientStats snapshot() {
    return new ClientStats(reads.sum(), cacheHits.sum(), requests.sum(), notModified.sum(), updatesApplied.sum(),
        snapshots.sum(), resyncs.sum(), connects.sum(), bytesReceived.sum());
  }
}
