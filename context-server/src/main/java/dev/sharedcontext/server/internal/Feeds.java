package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextListener;
import dev.sharedcontext.core.store.DeleteReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribers of every project, and the store listener that feeds them: each committed
 * version is encoded once into an {@link UpdateFrame} whose bytes every subscriber shares. The
 * store calls this in version order per project, one call at a time per project; offering a
 * frame to a subscriber only queues it on that subscriber's executor, so a slow subscriber never
 * delays the commit or the others.
 */
final class Feeds implements ContextListener {
  private final ConcurrentHashMap<String, Set<Subscriber>> byProject = new ConcurrentHashMap<>();
  private final int maxPerProject;
  private final TokenLedger tokens;
  private final SnapshotCache snapshots;
  private final ServerMetrics metrics;

  Feeds(int maxPerProject, TokenLedger tokens, SnapshotCache snapshots, ServerMetrics metrics) {
    this.maxPerProject = maxPerProject;
    this.tokens = tokens;
    this.snapshots = snapshots;
    this.metrics = metrics;
  }

  /**
   * Registers a subscriber; from now on it is offered every version committed.
   *
   * @throws LimitExceededException (429) when the project has its maximum of subscribers
   */
  void add(Subscriber s) {
    byProject.compute(s.projectId(), (id, set) -> {
      Set<Subscriber> subs = set == null ? ConcurrentHashMap.newKeySet() : set;
      if (subs.size() >= maxPerProject) {
        throw LimitExceededException.tooMany("maxSubscribersPerProject", maxPerProject, "subscribers of " + id);
      }
      subs.add(s);
      return subs;
    });
    metrics.subscribers.incrementAndGet();
  }

  void remove(Subscriber s) {
    boolean[] removed = new boolean[1];
    byProject.computeIfPresent(s.projectId(), (id, subs) -> {
      removed[0] = subs.remove(s);
      return subs.isEmpty() ? null : subs;
    });
    if (removed[0]) {
      metrics.subscribers.decrementAndGet();
    }
  }

  int count(String projectId) {
    Set<Subscriber> subs = byProject.get(projectId);
    return subs == null ? 0 : subs.size();
  }

  /** Every subscriber of every project (for shutdown). */
  Iterable<Subscriber> all() {
    return byProject.values().stream().flatMap(Set::stream).toList();
  }

  @Override
  public void onCommit(ContextChange change) {
    Set<Subscriber> subs = byProject.get(change.projectId());
    if (subs == null || subs.isEmpty()) {
      return; // nobody listens: nothing to encode
    }
    TokenLedger.Entry t = tokens.of(change.version(), change.patch());
    ByteBuf content = WsMessages.update(ByteBufAllocator.DEFAULT, change.version(), change.previousVersion(),
        change.patch(), t.tokensSaved(), false);
    UpdateFrame frame = new UpdateFrame(change.projectId(), change.version().version(), change.previousVersion(),
        t.tokensSaved(), t.patchTokens(), content);
    try {
      for (Subscriber s : subs) {
        s.offer(frame);
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public void onDelete(String projectId, DeleteReason reason) {
    tokens.forget(projectId);
    snapshots.forget(projectId);
    Set<Subscriber> subs = byProject.get(projectId);
    if (subs != null) {
      for (Subscriber s : subs) {
        s.deleted(reason);
      }
    }
  }
}
