package dev.sharedcontext.core.tokens.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The token layouts of long strings made by an edit, kept under the string object, not its text.
 * A new version of a long string is a new object whose hash {@code String} has not computed yet,
 * and computing it reads every char (a scalar loop on Java 17: a fifth of a 350 KB context's
 * commit, for a 38 KB file). Documents share these very objects from version to version, so an
 * identity lookup finds them wherever a text lookup would; an equal text held by another object
 * (a document parsed afresh) misses here and is counted from its cached pieces.
 *
 * <p>Weak keys, which also make Caffeine compare keys by identity: an entry goes when its string
 * is no longer held, e.g. the version it was edited from. The cache is built with the first
 * layout kept, so that a server's start does not pay for it (1–3 ms of a fresh JVM's start).
 * Thread-safe.
 */
final class EditedLayouts {
  private final long maxWeight;
  private volatile Cache<String, PieceLayout> cache;

  /** @param maxWeight the bound, in the weight units of {@link SegmentTokenCounter} */
  EditedLayouts(long maxWeight) {
    this.maxWeight = maxWeight;
  }

  /** The layout kept for this very string object, or null. */
  PieceLayout get(String value) {
    Cache<String, PieceLayout> c = cache;
    return c == null ? null : c.getIfPresent(value);
  }

  void keep(String value, PieceLayout layout) {
    Cache<String, PieceLayout> c = cache;
    if (c == null) {
      synchronized (this) {
        c = cache;
        if (c == null) {
          c = Caffeine.newBuilder()
              .weakKeys()
              .maximumWeight(maxWeight)
              .weigher((String key, PieceLayout l) -> SegmentTokenCounter.weigh(key, l))
              .executor(Runnable::run) // core owns no threads: maintenance runs on the callers
              .build();
          cache = c;
        }
      }
    }
    c.put(value, layout);
  }

  void forget(String value) {
    Cache<String, PieceLayout> c = cache;
    if (c != null) {
      c.invalidate(value);
    }
  }

  /** Entries now, after pending evictions. */
  long size() {
    Cache<String, PieceLayout> c = cache;
    if (c == null) {
      return 0;
    }
    c.cleanUp();
    return c.estimatedSize();
  }
}
