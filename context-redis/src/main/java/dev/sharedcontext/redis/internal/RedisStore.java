package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextListener;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.ProjectSummary;
import dev.sharedcontext.core.store.Subscription;
import dev.sharedcontext.core.store.internal.Listeners;
import dev.sharedcontext.redis.RedisStoreOptions;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContextStore} on Redis: reads here, commits in {@link Committer}, the change feed in
 * {@link ChangeFeed}. See {@code RedisContextStore} for the key layout.
 */
public final class RedisStore implements ContextStore {
  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
  /** What delete.lua answers, followed by the head version, when the head is not the expected one. */
  private static final String HEAD_MOVED = "head ";

  private final RedisStoreOptions options;
  private final RedisAccess redis;
  private final Keys keys;
  private final Reader reader;
  private final HeadCache heads;
  private final Listeners listeners = new Listeners();
  private final Deliveries deliveries = new Deliveries();
  private final Follower follower;
  private final ChangeFeed feed;
  private final Committer committer;
  private final ProjectIndex index;
  private final AtomicBoolean closed = new AtomicBoolean();

  public RedisStore(RedisStoreOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.keys = new Keys(options.keyPrefix());
    this.redis = RedisAccess.open(options);
    try {
      long ttl = options.storeOptions().idleExpiry().toMillis();
      this.reader = new Reader(redis, keys, ttl);
      this.heads = new HeadCache(options.storeOptions().maxTotalBytes());
      this.follower = new Follower(reader, listeners, deliveries, heads);
      this.feed = new ChangeFeed(redis, keys, follower, deliveries, options.sweepInterval());
      this.index = new ProjectIndex(redis, keys, options.storeOptions());
      this.committer = new Committer(options, redis, keys, reader, heads, deliveries, index);
      feed.start();
    } catch (RuntimeException e) {
      redis.close();
      throw RedisAccess.translate(e);
    }
    log.info("Redis context store on {} (key prefix '{}')", options.uri().toString(), options.keyPrefix());
  }

  @Override
  public Optional<ContextSnapshot> head(String projectId) {
    View view = read(projectId, 0);
    return view == null ? Optional.empty() : Optional.of(new ContextSnapshot(view.meta(), view.document()));
  }

  private View read(String projectId, long firstWanted) {
    return read(projectId, firstWanted, 0, 0);
  }

  /**
   * @param rebuild a version to rebuild from a checkpoint when one is kept after it, or 0
   * @param lastWanted with {@code rebuild}, the last version whose entry is wanted besides, or 0
   */
  private View read(String projectId, long firstWanted, long rebuild, long lastWanted) {
    ensureOpen();
    ProjectIds.requireValid(projectId);
    CachedHead cached = heads.get(projectId);
    View view = reader.readToRebuild(projectId, firstWanted, rebuild, lastWanted, cached);
    if (view == null) {
      heads.invalidate(projectId, null);
      return null;
    }
    heads.offer(projectId, view.toCache());
    follower.watch(projectId);
    return view;
  }

  private View required(String projectId, long firstWanted, long rebuild, long lastWanted) {
    View view = read(projectId, firstWanted, rebuild, lastWanted);
    if (view == null) {
      throw new NotFoundException("no project " + projectId);
    }
    return view;
  }

  @Override
  public ContextSnapshot at(String projectId, long version) {
    View view = required(projectId, version, version, 0);
    long head = view.version();
    if (version < 1 || version > head) {
      throw new NotFoundException("project " + projectId + " has no version " + version + " (head is " + head + ")");
    }
    if (version < view.head().oldest() || !view.hasEntriesAfter(version)) {
      throw new CompactedException(version, view.head().oldest());
    }
    ContextVersion meta = version == head ? view.meta() : view.entry(version).meta();
    return new ContextSnapshot(meta, view.rebuild(version));
  }

  @Override
  public CatchUp since(String projectId, long fromVersion) {
    View view = required(projectId, fromVersion < 1 ? 0 : fromVersion + 1, fromVersion, 0);
    long head = view.version();
    ContextVersion meta = view.meta();
    if (fromVersion <= 0) {
      return new CatchUp.Snapshot(fromVersion, meta, view.document(), CatchUp.Reason.INITIAL);
    }
    if (fromVersion > head) {
      return new CatchUp.Snapshot(fromVersion, meta, view.document(), CatchUp.Reason.AHEAD);
    }
    if (fromVersion < view.head().oldest() || !view.hasEntriesAfter(fromVersion)) {
      return new CatchUp.Snapshot(fromVersion, meta, view.document(), CatchUp.Reason.COMPACTED);
    }
    if (fromVersion == head) {
      return new CatchUp.Delta(fromVersion, meta, Patch.empty());
    }
    if (fromVersion == head - 1) {
      return new CatchUp.Delta(fromVersion, meta, view.entry(head).forward());
    }
    // One minimal patch rather than the chain of every version's change.
    return new CatchUp.Delta(fromVersion, meta, Patch.diff(view.rebuild(fromVersion), view.document()));
  }

  @Override
  public List<ContextChange> changes(String projectId, long fromVersion, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    // A page of a resuming subscriber's replay: from a checkpoint, each page reads the history up
    // to it or to the page's end, not everything up to the head.
    View view = required(projectId, Math.max(1, fromVersion + 1), fromVersion, fromVersion + limit);
    long head = view.version();
    if (fromVersion < 0 || fromVersion > head) {
      throw new NotFoundException("project " + projectId + " has no version " + fromVersion + " (head is " + head + ")");
    }
    if (fromVersion < view.head().oldest() || !view.hasEntriesAfter(fromVersion)) {
      throw new CompactedException(fromVersion, view.head().oldest());
    }
    List<ContextChange> out = new ArrayList<>();
    ContextDocument doc = view.rebuild(fromVersion);
    for (long v = fromVersion + 1; v <= head && out.size() < limit; v++) {
      Records.Entry e = view.entry(v);
      doc = e.forward().apply(doc);
      out.add(new ContextChange(e.meta(), v - 1, e.forward(), doc));
    }
    return out;
  }

  @Override
  public List<ContextVersion> history(String projectId, int limit, long beforeVersion) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    ensureOpen();
    ProjectIds.requireValid(projectId);
    return reader.history(projectId, limit, beforeVersion);
  }

  @Override
  public CommitResult commit(String projectId, CommitRequest request) {
    ensureOpen();
    ProjectIds.requireValid(projectId);
    Objects.requireNonNull(request, "request");
    return committer.commit(projectId, request);
  }

  @Override
  public CommitResult rollback(String projectId, long toVersion, String agentId) {
    ContextSnapshot target = at(projectId, toVersion);
    return commit(projectId, CommitRequest.replace(target.document()).by(agentId));
  }

  @Override
  public boolean delete(String projectId) {
    return delete(projectId, "");
  }

  @Override
  public boolean delete(String projectId, long ifHeadIs) {
    return delete(projectId, Long.toString(ifHeadIs));
  }

  /** @param expectedHead the head version the deletion requires, or '' for any (delete.lua) */
  private boolean delete(String projectId, String expectedHead) {
    ensureOpen();
    ProjectIds.requireValid(projectId);
    CompletableFuture<Void> delivered = deliveries.expectDelete(projectId);
    String outcome = redis.eval(Script.DELETE, ScriptOutputType.VALUE,
        new String[] {keys.head(projectId), keys.log(projectId), keys.tombstone(projectId),
            keys.checkpoints(projectId)},
        keys.channel(), projectId, Long.toString(Math.max(60_000, options.sweepInterval().toMillis() * 4)),
        expectedHead);
    if (outcome != null && outcome.startsWith(HEAD_MOVED)) {
      // Nothing was deleted; the expectation stays for the next deletion, as when there is no project.
      long current = Long.parseLong(outcome.substring(HEAD_MOVED.length()));
      throw new VersionConflictException(Long.parseLong(expectedHead), current, List.of(""));
    }
    index.remove(projectId);
    heads.invalidate(projectId, null);
    if (outcome == null) {
      return false;
    }
    deliveries.await(delivered, options.deliveryTimeout(), "the deletion of " + projectId);
    return true;
  }

  @Override
  public Subscription subscribe(ContextListener listener) {
    ensureOpen();
    return listeners.add(listener);
  }

  @Override
  public List<ProjectSummary> projects() {
    ensureOpen();
    return index.summaries();
  }

  @Override
  public int projectCount() {
    ensureOpen();
    return index.count();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      feed.close();
    } finally {
      deliveries.releaseAll();
      redis.close();
    }
    log.info("Redis context store closed (key prefix '{}')", options.keyPrefix());
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new ClosedException("the store is closed");
    }
  }
}
