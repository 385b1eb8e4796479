package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchFailedException;
import java.time.Clock;
import java.time.Instant;

/**
 * The client's copy of the head and the rules for moving it. Read from any thread; changed
 * only on the client's state lane, so every change sees the one before it. Each change raises
 * the event that describes it, so listeners see the cache's versions in order.
 */
final class ContextCache {

  /** The cached head and when the server last confirmed it was the head. */
  record Entry(VersionedContext context, Instant confirmedAt) {}

  /** What became of one step offered to the cache. */
  enum Step {
    /** Applied; the cache moved forward. */
    APPLIED,
    /** The cache already holds this version or a later one. */
    DUPLICATE,
    /** The step starts from a version the cache does not hold. */
    GAP,
    /** The step does not apply to the cached document or does not give the promised hash. */
    MISMATCH
  }

  private final String projectId;
  private final Clock clock;
  private final Events events;
  private final Counters counters;
  private volatile Entry entry;

  ContextCache(String projectId, Clock clock, Events events, Counters counters) {
    this.projectId = projectId;
    this.clock = clock;
    this.events = events;
    this.counters = counters;
  }

  /** The cached head, or null. */
  Entry entry() {
    return entry;
  }

  /** The cached version; 0 when nothing is cached. */
  long version() {
    Entry e = entry;
    return e == null ? 0 : e.context().version();
  }

  /** The cached document; the empty object when nothing is cached (what version 1's patch applies to). */
  ContextDocument document() {
    Entry e = entry;
    return e == null ? ContextDocument.empty() : e.context().document();
  }

  /** The server said the cached version is still the head (a 304). Lane only. */
  void confirm(long version) {
    Entry e = entry;
    if (e != null && e.context().version() == version) {
      entry = new Entry(e.context(), clock.instant());
    }
  }

  /**
   * Loads a whole context, raising {@code onSnapshot} unless the cache already held exactly it.
   * Lane only.
   */
  void load(VersionedContext context) {
    Entry e = entry;
    entry = new Entry(context, clock.instant());
    if (e == null || e.context().version() != context.version() || !e.context().hash().equals(context.hash())) {
      counters.snapshots.increment();
      events.snapshot(context.version(), context.document());
    }
  }

  /**
   * Offers the step {@code baseVersion → version} by {@code patch}. A step of one version raises
   * {@code onUpdate}; a longer one (a coalesced catch-up) raises {@code onResynced}. Lane only.
   */
  Step step(long baseVersion, long version, Patch patch, String hash, String agentId, long tokensSaved,
      Instant timestamp) {
    long current = version();
    if (version <= current) {
      return Step.DUPLICATE;
    }
    if (baseVersion != current) {
      return Step.GAP;
    }
    ContextDocument next;
    try {
      next = patch.apply(document());
    } catch (PatchFailedException e) {
      return Step.MISMATCH;
    }
    if (!next.hash().equals(hash)) {
      return Step.MISMATCH;
    }
    entry = new Entry(new VersionedContext(projectId, version, next, hash, timestamp), clock.instant());
    if (version == current + 1) {
      counters.updatesApplied.increment();
      events.update(version, patch, agentId, tokensSaved);
    } else {
      counters.resyncs.increment();
      events.resynced(current, version);
    }
    return Step.APPLIED;
  }

  /** Takes a catch-up to {@code context}, raising {@code onResynced} from {@code fromVersion}. Lane only. */
  void resynced(long fromVersion, VersionedContext context) {
    entry = new Entry(context, clock.instant());
    counters.resyncs.increment();
    events.resynced(fromVersion, context.version());
  }

  /** Marks the cache as needing revalidation (an own commit it could not follow). Lane only. */
  void invalidate() {
    Entry e = entry;
    if (e != null) {
      entry = new Entry(e.context(), Instant.EPOCH);
    }
  }

  /**
   * The project was deleted: nothing is cached any more. Raises {@code onDeleted} once, however
   * many ways the news arrives (own call, stream, a 404 while resyncing). Lane only.
   */
  void deleted() {
    if (entry != null) {
      entry = null;
      events.deleted();
    }
  }
}
