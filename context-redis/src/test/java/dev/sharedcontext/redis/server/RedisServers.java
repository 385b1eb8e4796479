package dev.sharedcontext.redis.server;

import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.redis.RedisServer;
import dev.sharedcontext.redis.SharedRedis;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.ServerOptionsBuilder;
import dev.sharedcontext.server.SharedContextServer;
import java.time.Duration;

/**
 * SharedContext servers on a Redis, made as a user makes them: options naming the Redis URI, the
 * store made by the server through the Redis store's provider. Port 0, short shutdown.
 */
final class RedisServers {
  private RedisServers() {}

  /** Options for servers sharing {@code redis} under one fresh key prefix. */
  static ServerOptionsBuilder options(RedisServer redis) {
    return ServerOptions.builder()
        .redisUri(redis.uri())
        .redisKeyPrefix(SharedRedis.prefix())
        .storeOptions(StoreOptions.builder().maxVersionsPerProject(10_000).build())
        .shutdownQuietPeriod(Duration.ofMillis(200))
        .shutdownTimeout(Duration.ofSeconds(5));
  }

  static SharedContextServer start(ServerOptions options) {
    return SharedContextServer.builder().port(0).options(options).build().start();
  }
}
