package dev.sharedcontext.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This instance's heads, bounded by bytes, and the locks that make commits of one instance to one
 * project take turns (so they do not race each other in Redis; races between instances are the
 * script's). Losing a cached head costs one read, never correctness.
 */
final class HeadCache {
  private static final int OVERHEAD_BYTES = 256;
  private static final int STRIPES = 1024;

  private final Cache<String, CachedHead> heads;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  HeadCache(long maxBytes) {
    this.heads = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String id, CachedHead h) -> (int) Math.min(Integer.MAX_VALUE, OVERHEAD_BYTES + h.meta().sizeBytes()))
        .executor(Runnable::run)
        .build();
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  ReentrantLock lock(String projectId) {
    return locks[(projectId.hashCode() & 0x7fffffff) % STRIPES];
  }

  CachedHead get(String projectId) {
    return heads.getIfPresent(projectId);
  }

  /** Keeps {@code head} unless a later version of the same incarnation is already held. */
  void offer(String projectId, CachedHead head) {
    if (head.document() == null) {
      return;
    }
    heads.asMap().compute(projectId, (id, current) -> CachedHead.supersedes(head, current) ? head : current);
  }

  /** Forgets the head of {@code incarnation} (any, if null). */
  void invalidate(String projectId, String incarnation) {
    heads.asMap().computeIfPresent(projectId,
        (id, current) -> incarnation == null || incarnation.equals(current.incarnation()) ? null : current);
  }
}
