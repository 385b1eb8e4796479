package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextListener;
import dev.sharedcontext.core.store.DeleteReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The subscribers of every project, and the store listener that feeds them: each committed
 * version is encoded once into an {@link UpdateFrame} whose bytes every subscriber shares, with
 * the WebSocket frame header in front for connections that do not compress (and whose change
 * windowed subscribers take instead of reading the bytes back). The
 * store calls this in version order per project, one call at a time per project; offering a
 * frame to a subscriber only queues it on that subscriber's executor, so a slow subscriber never
 * delays the commit or the others.
 */
final class Feeds implements ContextListener {
  private final ConcurrentHashMap<String, Feed> byProject = new ConcurrentHashMap<>();
  private final int maxPerProject;
  private final TokenLedger tokens;
  private final SnapshotCache snapshots;
  private final ServerMetrics metrics;
  private final Consumer<String> forget;

  /**
   * @param forget drops what other caches keep of a deleted project (its windows), beside the
   *     token figures and snapshots this forgets itself
   */
  Feeds(int maxPerProject, TokenLedger tokens, SnapshotCache snapshots, ServerMetrics metrics,
      Consumer<String> forget) {
    this.maxPerProject = maxPerProject;
    this.tokens = tokens;
    this.snapshots = snapshots;
    this.metrics = metrics;
    this.forget = forget;
  }

  /** One project's subscribers and its recent frames; the frames are guarded by this object. */
  private static final class Feed {
    final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    final RecentFrames recent = new RecentFrames();
  }

  /**
   * Registers a subscriber; from now on it is offered every version committed.
   *
   * @throws LimitExceededException (429) when the project has its maximum of subscribers
   */
  void add(Subscriber s) {
    byProject.compute(s.projectId(), (id, current) -> {
      Feed feed = current == null ? new Feed() : current;
      if (feed.subscribers.size() >= maxPerProject) {
        throw LimitExceededException.tooMany("maxSubscribersPerProject", maxPerProject, "subscribers of " + id);
      }
      feed.subscribers.add(s);
      return feed;
    });
    metrics.subscribers.incrementAndGet();
  }

  void remove(Subscriber s) {
    boolean[] removed = new boolean[1];
    byProject.computeIfPresent(s.projectId(), (id, feed) -> {
      removed[0] = feed.subscribers.remove(s);
      if (!feed.subscribers.isEmpty()) {
        return feed;
      }
      synchronized (feed) {
        feed.recent.clear(); // nobody left to resume from it here
      }
      return null;
    });
    if (removed[0]) {
      metrics.subscribers.decrementAndGet();
    }
  }

  int count(String projectId) {
    Feed feed = byProject.get(projectId);
    return feed == null ? 0 : feed.subscribers.size();
  }

  /** Every subscriber of every project (for shutdown). */
  Iterable<Subscriber> all() {
    return byProject.values().stream().flatMap(f -> f.subscribers.stream()).toList();
  }

  /**
   * The exact frames after {@code fromVersion} when the project's recent frames reach back to
   * it (each with its own reference), else null. Call after registering the subscriber, so that
   * every later frame is offered to it.
   */
  List<UpdateFrame> recentAfter(String projectId, long fromVersion) {
    Feed feed = byProject.get(projectId);
    if (feed == null) {
      return null;
    }
    synchronized (feed) {
      return feed.recent.after(fromVersion);
    }
  }

  /** Releases every kept frame (the server is closed; nobody can resume here any more). */
  void close() {
    for (Feed feed : byProject.values()) {
      synchronized (feed) {
        feed.recent.clear();
      }
    }
  }

  @Override
  public void onCommit(ContextChange change) {
    Feed feed = byProject.get(change.projectId());
    if (feed == null || feed.subscribers.isEmpty()) {
      return; // nobody listens: nothing to encode
    }
    TokenLedger.Entry t = tokens.of(change.version(), change.patch());
    ByteBuf buf = WsMessages.update(EncodedTextFrame.newBuffer(ByteBufAllocator.DEFAULT, 256), change.version(),
        change.previousVersion(), change.patch(), t.tokensSaved(), false);
    UpdateFrame frame = UpdateFrame.live(change, t.tokensSaved(), t.patchTokens(), buf);
    try {
      // Kept before it is offered: a subscriber registering meanwhile finds it in one or the other.
      synchronized (feed) {
        feed.recent.add(frame);
      }
      offerAll(feed.subscribers, frame);
    } finally {
      frame.release();
    }
  }

  /**
   * Queues a committed version's frame for every one of {@code subscribers}, with one task per
   * executor rather than one per subscriber: a commit to a thousand subscribers on four event
   * loops costs four queue hand-offs, and four references to the frame. Order per subscriber is
   * kept, since a project's commits are offered one after another. Callable from any thread.
   */
  private static void offerAll(Iterable<Subscriber> subscribers, UpdateFrame frame) {
    Map<EventExecutor, List<Subscriber>> byExecutor = new IdentityHashMap<>();
    for (Subscriber s : subscribers) {
      byExecutor.computeIfAbsent(s.executor(), e -> new ArrayList<>()).add(s);
    }
    for (Map.Entry<EventExecutor, List<Subscriber>> group : byExecutor.entrySet()) {
      List<Subscriber> members = group.getValue();
      frame.retain(); // the task's, released when it has offered the frame to every member
      try {
        group.getKey().execute(() -> {
          try {
            for (Subscriber s : members) {
              s.onFrame(frame);
            }
          } finally {
            frame.release();
          }
        });
      } catch (RejectedExecutionException e) {
        frame.release(); // shutting down
      }
    }
  }

  @Override
  public void onDelete(String projectId, DeleteReason reason) {
    tokens.forget(projectId);
    snapshots.forget(projectId);
    forget.accept(projectId);
    Feed feed = byProject.get(projectId);
    if (feed != null) {
      synchronized (feed) {
        feed.recent.clear();
      }
      for (Subscriber s : feed.subscribers) {
        s.deleted(reason);
      }
    }
  }
}
