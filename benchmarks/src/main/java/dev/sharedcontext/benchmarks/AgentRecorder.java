package dev.sharedcontext.benchmarks;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one streaming agent received, as its client reported it: every update with its patch
 * and the server's {@code tokensSaved}, snapshots, resyncs and errors; and a wait for a version.
 * Thread-safe (events arrive on the client's thread, the benchmark reads on its own).
 */
final class AgentRecorder implements ClientListener {

  /** One update the agent applied. */
  record Update(long version, Patch patch, long tokensSaved) {}

  private final List<Update> updates = new ArrayList<>();
  private final List<ContextDocument> snapshotDocuments = new ArrayList<>();
  private boolean connected;
  private long version;
  private int snapshots;
  private int resyncs;
  private final List<String> errors = new ArrayList<>();

  @Override
  public synchronized void onUpdate(long v, Patch patch, String agentId, long tokensSaved) {
    updates.add(new Update(v, patch, tokensSaved));
    moved(v);
  }

  @Override
  public synchronized void onSnapshot(long v, ContextDocument context) {
    snapshots++;
    snapshotDocuments.add(context);
    moved(v);
  }

  @Override
  public synchronized void onResynced(long fromVersion, long toVersion) {
    resyncs++;
    moved(toVersion);
  }

  @Override
  public synchronized void onError(ContextException error) {
    errors.add(error.toString());
  }

  @Override
  public synchronized void onConnected() {
    connected = true;
    notifyAll();
  }

  private void moved(long v) {
    version = v;
    notifyAll();
  }

  /**
   * Waits until the agent holds {@code v}.
   *
   * @throws BenchmarkException past {@code timeout}
   */
  synchronized void await(long v, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (version < v || !connected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new BenchmarkException("an agent did not receive version " + v + " within " + timeout
            + " (it holds " + version + "; errors: " + errors + ")");
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchmarkException("interrupted while waiting for version " + v);
      }
    }
  }

  synchronized List<Update> updates() {
    return List.copyOf(updates);
  }

  synchronized int snapshots() {
    return snapshots;
  }

  /** The whole contexts the agent was sent (at the start, when history did not reach back). */
  synchronized List<ContextDocument> snapshotDocuments() {
    return List.copyOf(snapshotDocuments);
  }

  synchronized int resyncs() {
    return resyncs;
  }
}
