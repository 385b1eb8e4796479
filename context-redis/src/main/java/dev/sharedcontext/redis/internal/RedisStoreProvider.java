package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.redis.RedisContextStore;
import dev.sharedcontext.redis.RedisStoreOptions;
import dev.sharedcontext.server.ContextStoreProvider;
import java.util.Set;

/**
 * Makes the Redis store for a SharedContext server whose options name a Redis URI
 * ({@code ServerOptions.redisUri}, the launcher's {@code --redis-uri}): found by the server with
 * {@link java.util.ServiceLoader} when this module is on its class path. The store's calls wait on
 * Redis, so the server runs its handlers off its I/O threads. Stateless and thread-safe.
 */
public final class RedisStoreProvider implements ContextStoreProvider {

  /** Lettuce's URI schemes: plain, TLS, Unix socket, Sentinel (plain and TLS). */
  private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-socket", "redis-sentinel",
      "rediss-sentinel");

  @Override
  public Set<String> schemes() {
    return SCHEMES;
  }

  @Override
  public ContextStore create(Request request) {
    return RedisContextStore.create(RedisStoreOptions.builder()
        .uri(request.uri())
        .keyPrefix(request.keyPrefix())
        .cluster(request.cluster())
        .storeOptions(request.storeOptions())
        .build());
  }

  @Override
  public boolean blocking() {
    return true;
  }
}
