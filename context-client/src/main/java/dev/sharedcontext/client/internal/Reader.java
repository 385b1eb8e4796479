package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.VersionedContext;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * {@code getContext()}: from the cache when it is known to be the head, otherwise a conditional
 * GET whose answer (a 304 or a new head) updates the cache.
 *
 * <p>"Known to be the head": a streaming client whose stream is open and not resyncing (the
 * stream brings every change within its delivery delay); a client without streaming, for the
 * cache TTL after the server last confirmed it. A streaming client whose stream is down asks the
 * server, since it knows it may be missing changes.
 */
final class Reader {
  private final ClientOptions options;
  private final ContextCache cache;
  private final ContextApi api;
  private final SerialExecutor lane;
  private final Counters counters;
  private final BooleanSupplier streamLive;

  Reader(ClientOptions options, ContextCache cache, ContextApi api, SerialExecutor lane, Counters counters,
      BooleanSupplier streamLive) {
    this.options = options;
    this.cache = cache;
    this.api = api;
    this.lane = lane;
    this.counters = counters;
    this.streamLive = streamLive;
  }

  /** The head; {@code force} skips the cache (but still revalidates it rather than refetching). */
  CompletableFuture<VersionedContext> head(boolean force) {
    counters.reads.increment();
    ContextCache.Entry e = cache.entry();
    if (!force && e != null && fresh(e)) {
      counters.cacheHits.increment();
      return CompletableFuture.completedFuture(e.context());
    }
    long tag = e == null ? 0 : e.context().version();
    return api.head(tag).thenCompose(answer -> Async.on(lane, () -> {
      if (answer.isEmpty()) {
        counters.notModified.increment();
        cache.confirm(tag);
        return e.context();
      }
      VersionedContext head = answer.get();
      if (shouldLoad(head)) {
        cache.load(head);
      }
      return head;
    }));
  }

  private boolean fresh(ContextCache.Entry e) {
    if (options.streaming()) {
      return streamLive.getAsBoolean();
    }
    return options.clock().instant().isBefore(e.confirmedAt().plus(options.cacheTtl()))
        && !e.confirmedAt().equals(Instant.EPOCH);
  }

  /**
   * Whether a head read over HTTP replaces the cache. Without a stream, whenever it differs (the
   * server is the authority, also when it went back: restarted without its history). With a
   * stream, only into an empty cache or, while the stream is down, forward: the stream is the
   * cache's source, and a head older than what it delivered would make it deliver versions twice.
   */
  private boolean shouldLoad(VersionedContext head) {
    ContextCache.Entry now = cache.entry();
    if (now == null) {
      return true;
    }
    if (options.streaming()) {
      return !streamLive.getAsBoolean() && head.version() > now.context().version();
    }
    return now.context().version() != head.version() || !now.context().hash().equals(head.hash());
  }
}
