package dev.sharedcontext.redis;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.redis.internal.RedisStore;

/**
 * A {@link ContextStore} on Redis, for several server instances sharing one Redis (standalone,
 * Sentinel or Cluster): it behaves as the memory store does (versions, rebase and conflicts,
 * history, catch-up, listeners), and every instance's listeners hear of every instance's commits.
 *
 * <h2>Commits</h2>
 * A commit is computed in Java (patch, new document, hash, tokens, inverse patch) on the head
 * this instance last saw, then one Lua script compares the head's version and incarnation with
 * the ones it was computed on and, only if they match, appends the version to the history, moves
 * the head, trims the history and announces the version. Two instances can therefore never both
 * win a version; the loser reads the new head and computes again (rebasing, or refusing with a
 * {@link dev.sharedcontext.core.VersionConflictException}, as the memory store would), at most
 * {@link RedisStoreOptions#maxCommitAttempts()} times. Commits of one instance to one project take
 * turns locally, so only instances race.
 *
 * <h2>Key layout</h2>
 * With key prefix {@code P} (default {@code sc:}) and project {@code id}:
 * <ul>
 *   <li>{@code P{id}:head} — hash: {@code doc} (the head's canonical JSON), {@code v} (version),
 *       {@code inc} (incarnation: a random id given at creation, so a project deleted and created
 *       again is never mistaken for the old one), {@code ts}, {@code agent}, {@code hash},
 *       {@code size}, {@code tokens} (the version's record), {@code oldest} (oldest retained
 *       version), {@code hbytes} (estimated bytes of the retained inverse patches), {@code cbytes}
 *       (bytes of patches and paths written since the last checkpoint);
 *   <li>{@code P{id}:log} — stream, one entry per retained version with id {@code <version>-0}:
 *       {@code ts}, {@code agent}, {@code hash}, {@code size}, {@code tokens}, {@code f} (forward
 *       patch JSON), {@code i} (inverse patch JSON; empty for version 1), {@code p} (the changed
 *       paths, for rebasing), {@code ib} (estimated bytes of {@code i}). Trimmed from the oldest
 *       end by {@code maxVersionsPerProject} and {@code maxHistoryBytesPerProject};
 *   <li>{@code P{id}:checkpoints} — stream of checkpoints, id {@code <version>-0}: {@code d} (that
 *       version's canonical JSON). A commit keeps its document as one once the patches and paths
 *       written since the last one weigh as much as the document (and at least 64 KiB); an old
 *       version ({@code at}, a catch-up, a rollback, the first of a page of {@code changes}) is
 *       then rebuilt from the nearest checkpoint at or after it rather than from the head, so the
 *       work grows with the document's size, not with the history's length. The checkpoints weigh
 *       at most what the history written between them does; those before the oldest retained
 *       version are trimmed with it;
 *   <li>{@code P{id}:deleted} — string, for a while after a delete: the deleted incarnation;
 *   <li>{@code Pprojects} — sorted set of project ids (score: creation time), for listing and
 *       counting projects;
 *   <li>channel {@code Pfeed} — pub/sub: {@code c <id> <incarnation> <version>} for each commit,
 *       {@code d <id> <incarnation>} for each delete, published by the scripts themselves.
 * </ul>
 * A project's keys share the hash tag {@code {id}}, so in a Cluster they live in one slot and a
 * script may touch them all. Head, history and checkpoints carry the idle expiry as a TTL,
 * renewed by every commit and read. Requires Redis 6.2 or later ({@code XTRIM MINID}).
 *
 * <h2>Change feed</h2>
 * Each store follows the feed channel on its own connection and thread: announcements arrive in
 * commit order; what it did not commit itself it reads from the stream ({@code XRANGE}), and it
 * calls the listeners once per version, in order per project, on that thread. A commit or delete
 * returns after this instance's listeners have had it (as with the memory store), unless that
 * takes longer than {@link RedisStoreOptions#deliveryTimeout()}. Listeners hear of projects from
 * the store's creation on. Pub/sub loses messages while a connection is down, so a sweep (after a
 * re-subscription and every {@link RedisStoreOptions#sweepInterval()}) compares each followed
 * project (committed or read through this instance) with Redis: it catches up missed versions and
 * reports projects whose keys expired ({@link dev.sharedcontext.core.store.DeleteReason#EXPIRED})
 * or were deleted. A follower that fell behind the retained history gets the missed versions as
 * one change from the version it had.
 *
 * <p>Stores are thread-safe. {@link ContextStore#close()} stops the feed and closes the
 * connections and the Lettuce client it made (never resources passed in); it is idempotent.
 */
public final class RedisContextStore {
  private RedisContextStore() {}

  /**
   * Connects to Redis and subscribes to the feed (both done when this returns).
   *
   * @throws dev.sharedcontext.core.ConnectionException if Redis cannot be reached
   */
  public static ContextStore create(RedisStoreOptions options) {
    return new RedisStore(options);
  }

  /** A store with {@link RedisStoreOptions#defaults()} but for {@code uri}. */
  public static ContextStore create(String uri) {
    return create(RedisStoreOptions.builder().uri(uri).build());
  }
}
