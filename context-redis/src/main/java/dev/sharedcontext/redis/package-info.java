/**
 * The {@link dev.sharedcontext.core.store.ContextStore} on Redis, for several SharedContext server
 * instances sharing one Redis (standalone, Sentinel or Cluster): create one with
 * {@link dev.sharedcontext.redis.RedisContextStore#create(RedisStoreOptions)}. The key layout, the
 * commit script and the change feed are described on {@link dev.sharedcontext.redis.RedisContextStore}.
 * Everything in {@code dev.sharedcontext.redis.internal} is implementation, not API.
 */
package dev.sharedcontext.redis;
