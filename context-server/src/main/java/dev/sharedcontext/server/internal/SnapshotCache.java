package dev.sharedcontext.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.store.ContextSnapshot;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Serialized snapshots, each made once per version and form and then served as bytes: the
 * {@code GET /context/{id}} body (identity, and compressed once per content coding asked for)
 * and the WebSocket {@code context_snapshot} message. Keyed by
 * project, version <em>and hash</em>, so a project deleted and created again (versions restart
 * at 1) can never be served the old bytes. Bounded by bytes; least recently used go first.
 */
final class SnapshotCache {
  enum Form { HTTP, WEBSOCKET }

  private record Key(String projectId, long version, String hash, Form form, Codec codec) {}

  private final Cache<Key, byte[]> cache;
  private final ServerMetrics metrics;
  private final LongAdder compressions = new LongAdder();

  SnapshotCache(long maxBytes, ServerMetrics metrics) {
    this.metrics = metrics;
    this.cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key k, byte[] v) -> v.length + 64)
        .build();
  }

  /** The {@code GET /context/{id}} body of {@code s}. */
  byte[] http(ContextSnapshot s) {
    return get(s, Form.HTTP, Responses::snapshot);
  }

  /**
   * The {@code GET /context/{id}} body of {@code s} in {@code codec}, compressed once per version
   * and codec. Not counted as a hit or miss: the read that asks for it looked up the identity
   * body first.
   */
  byte[] http(ContextSnapshot s, Codec codec) {
    if (codec == Codec.NONE) {
      return http(s);
    }
    if (cache == null) {
      compressions.increment();
      return codec.encode(Responses.snapshot(s));
    }
    ContextVersion v = s.version();
    Key key = new Key(v.projectId(), v.version(), v.hash(), Form.HTTP, codec);
    byte[] hit = cache.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    // The identity body is taken first, outside the compressed entry's computation: a cache may
    // not be updated from inside its own mapping function.
    Key identityKey = new Key(v.projectId(), v.version(), v.hash(), Form.HTTP, Codec.NONE);
    byte[] identity = cache.get(identityKey, k -> Responses.snapshot(s));
    return cache.get(key, k -> {
      compressions.increment();
      return codec.encode(identity);
    });
  }

  /** Compressions made so far (for tests: once per version and codec while cached). */
  long compressions() {
    return compressions.sum();
  }

  /** The {@code context_snapshot} message of {@code s}. */
  byte[] webSocket(ContextSnapshot s) {
    return get(s, Form.WEBSOCKET, WsMessages::snapshot);
  }

  private byte[] get(ContextSnapshot s, Form form, Function<ContextSnapshot, byte[]> serializer) {
    if (cache == null) {
      metrics.cacheMisses.increment();
      return serializer.apply(s);
    }
    ContextVersion v = s.version();
    Key key = new Key(v.projectId(), v.version(), v.hash(), form, Codec.NONE);
    byte[] hit = cache.getIfPresent(key);
    if (hit != null) {
      metrics.cacheHits.increment();
      return hit;
    }
    boolean[] computed = new boolean[1];
    // get() computes at most once per key even under concurrent misses.
    byte[] bytes = cache.get(key, k -> {
      computed[0] = true;
      return serializer.apply(s);
    });
    (computed[0] ? metrics.cacheMisses : metrics.cacheHits).increment();
    return bytes;
  }

  /** Drops every entry of a project (deleted: its bytes will never be asked for again). */
  void forget(String projectId) {
    if (cache != null) {
      cache.asMap().keySet().removeIf(k -> k.projectId().equals(projectId));
    }
  }
}
