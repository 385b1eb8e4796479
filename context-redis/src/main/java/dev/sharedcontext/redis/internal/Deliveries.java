package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.store.ContextChange;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits and deletes of this instance waiting for the feed to have told the listeners, so that
 * (as with the memory store) a caller's listeners have heard of its commit when the call returns.
 * A commit also leaves its change here for the feed, which then need not read it back.
 */
final class Deliveries {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  record Key(String projectId, String incarnation, long version) {}

  /** A change this instance is committing; {@code nonce} identifies the attempt in Redis. */
  record Pending(ContextChange change, String nonce, CompletableFuture<Void> delivered) {}

  private final Map<Key, Pending> commits = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> deletes = new ConcurrentHashMap<>();
  private volatile Thread feedThread;

  void feedThread(Thread thread) {
    this.feedThread = thread;
  }

  /**
   * Leaves a change about to be committed; the commit script has not run yet, so another instance
   * may still win this version: the feed uses the change only if the winner's nonce is this one.
   */
  Pending expect(String incarnation, ContextChange change, String nonce) {
    Pending p = new Pending(change, nonce, new CompletableFuture<>());
    commits.put(new Key(change.projectId(), incarnation, change.version().version()), p);
    return p;
  }

  /** Withdraws a change whose commit did not happen. */
  void withdraw(String projectId, String incarnation, long version) {
    commits.remove(new Key(projectId, incarnation, version));
  }

  /** The change this instance committed as that version with that nonce, if it is still waiting; for the feed. */
  ContextChange local(String projectId, String incarnation, long version, String nonce) {
    Pending p = commits.get(new Key(projectId, incarnation, version));
    return p == null || !p.nonce().equals(nonce) ? null : p.change();
  }

  /** Called by the feed once the listeners have had that version. */
  void delivered(String projectId, String incarnation, long version) {
    Pending p = commits.remove(new Key(projectId, incarnation, version));
    if (p != null) {
      p.delivered().complete(null);
    }
  }

  CompletableFuture<Void> expectDelete(String projectId) {
    return deletes.computeIfAbsent(projectId, id -> new CompletableFuture<>());
  }

  void deleteDelivered(String projectId) {
    CompletableFuture<Void> f = deletes.remove(projectId);
    if (f != null) {
      f.complete(null);
    }
  }

  /** Waits for {@code delivery}, unless called by the feed itself (a listener that commits). */
  void await(CompletableFuture<Void> delivery, Duration timeout, Object what) {
    if (Thread.currentThread() == feedThread) {
      return;
    }
    try {
      delivery.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn("listeners have not heard of {} after {}: is the Redis feed connection down?", what, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("delivery of {} failed", what, e.getCause());
    }
  }

  /** Releases every waiter: the store is closing. */
  void releaseAll() {
    commits.values().forEach(p -> p.delivered().complete(null));
    commits.clear();
    deletes.values().forEach(f -> f.complete(null));
    deletes.clear();
  }
}
