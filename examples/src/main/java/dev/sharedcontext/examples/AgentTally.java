package dev.sharedcontext.examples;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * What one agent of the demo received, counted by the demo itself (not taken from the server):
 * tokens (o200k_base, by the core's segment definition), bytes of the JSON received, and the
 * version its cache holds. A catch-up (resync) is counted as the diff between the two versions,
 * recomputed here, since a listener does not see the catch-up's patch.
 */
final class AgentTally implements ClientListener {
  private final String agentId;
  private final TokenCounter counter;
  private final LongFunction<ContextDocument> documentAtServerVersion;
  private final AtomicLong version = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
  private final DeltaSizes deltaSizes; // null for all agents but the one whose deltas are measured

  AgentTally(String agentId, TokenCounter counter, LongFunction<ContextDocument> documentAtServerVersion,
      DeltaSizes deltaSizes) {
    this.agentId = agentId;
    this.counter = counter;
    this.documentAtServerVersion = documentAtServerVersion;
    this.deltaSizes = deltaSizes;
  }

  @Override
  public void onConnected() {
    connected.countDown();
  }

  /** Waits until the agent's stream opened; true if it did within {@code timeoutMillis}. */
  boolean awaitConnected(long timeoutMillis) throws InterruptedException {
    return connected.await(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void onSnapshot(long v, ContextDocument context) {
    tokens.addAndGet(counter.count(context));
    bytes.addAndGet(context.sizeBytes());
    snapshots.incrementAndGet();
    reached(v);
  }

  @Override
  public void onUpdate(long v, Patch patch, String committer, long tokensSaved) {
    String json = patch.toJson();
    tokens.addAndGet(counter.count(patch));
    bytes.addAndGet(json.getBytes(StandardCharsets.UTF_8).length);
    updates.incrementAndGet();
    if (deltaSizes != null && v >= 2) { // server version 1 is the trace's version 0: the full load, not a delta
      deltaSizes.add(json);
    }
    reached(v);
  }

  @Override
  public void onResynced(long from, long to) {
    Patch p = Patch.diff(documentAtServerVersion.apply(from), documentAtServerVersion.apply(to));
    tokens.addAndGet(counter.count(p));
    bytes.addAndGet(p.toJson().getBytes(StandardCharsets.UTF_8).length);
    resyncs.incrementAndGet();
    reached(to);
  }

  private synchronized void reached(long v) {
    version.set(v);
    notifyAll();
  }

  /** Waits until the agent holds {@code target} or {@code timeoutMillis} pass; true if it does. */
  synchronized boolean awaitVersion(long target, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (version.get() < target) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  String agentId() {
    return agentId;
  }

  long version() {
    return version.get();
  }

  long tokens() {
    return tokens.get();
  }

  long bytes() {
    return bytes.get();
  }

  long updates() {
    return updates.get();
  }

  long snapshots() {
    return snapshots.get();
  }

  long resyncs() {
    return resyncs.get();
  }
}
