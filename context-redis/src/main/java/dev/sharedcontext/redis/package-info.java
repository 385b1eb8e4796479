/**
 * The {@link dev.sharedcontext.core.store.ContextStore} on Redis, for several SharedContext server
 * instances sharing one Redis (standalone, Sentinel or Cluster): create one with
 * {@link dev.sharedcontext.redis.RedisContextStore#create(RedisStoreOptions)}. The key layout, the
 * commit script and the change feed are described on {@link dev.sharedcontext.redis.RedisContextStore}.
 * Everything in {@code dev.sharedcontext.redis.internal} is implementation, not API.
 *
 * <p>A SharedContext server uses this store when its options name a Redis URI
 * ({@code ServerOptions.redisUri}, the launcher's {@code --redis-uri}): with this module on its
 * class path, the server finds {@code RedisStoreProvider} through {@link java.util.ServiceLoader}
 * (this module depends on the server only optionally, for that class). The standalone server with
 * this store is {@code context-redis-<version>-server.jar}.
 */
package dev.sharedcontext.redis;
