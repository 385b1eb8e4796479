package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.redis.RedisStoreOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.function.Supplier;

/**
 * The Lettuce side of a store: a client (made here, so shut down here), one shared command
 * connection (Lettuce multiplexes it across threads) and one pub/sub connection for the feed.
 * Standalone, Sentinel and Cluster differ only in which client is made; the commands used are
 * the ones both command interfaces share.
 */
final class RedisAccess implements AutoCloseable {
  private final AbstractRedisClient client;
  private final StatefulConnection<String, String> connection;
  private final RedisClusterCommands<String, String> sync;
  private final RedisClusterAsyncCommands<String, String> async;
  private final StatefulRedisPubSubConnection<String, String> pubsub;

  private RedisAccess(AbstractRedisClient client, StatefulConnection<String, String> connection,
      RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async,
      StatefulRedisPubSubConnection<String, String> pubsub) {
    this.client = client;
    this.connection = connection;
    this.sync = sync;
    this.async = async;
    this.pubsub = pubsub;
  }

  static RedisAccess open(RedisStoreOptions options) {
    RedisURI uri = options.uri();
    uri.setTimeout(options.commandTimeout());
    AbstractRedisClient client = null;
    try {
      if (options.cluster()) {
        RedisClusterClient c = options.clientResources() == null ? RedisClusterClient.create(uri)
            : RedisClusterClient.create(options.clientResources(), uri);
        client = c;
        // Follow slot moves and failovers as they are signalled (MOVED, ASK, reconnects).
        c.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(
            ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build()).build());
        StatefulRedisClusterConnection<String, String> conn = c.connect(StringCodec.UTF8);
        return new RedisAccess(c, conn, conn.sync(), conn.async(), c.connectPubSub(StringCodec.UTF8));
      }
      RedisClient c = options.clientResources() == null ? RedisClient.create(uri)
          : RedisClient.create(options.clientResources(), uri);
      client = c;
      StatefulRedisConnection<String, String> conn = c.connect(StringCodec.UTF8);
      return new RedisAccess(c, conn, conn.sync(), conn.async(), c.connectPubSub(StringCodec.UTF8));
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown(); // closes whatever connection it already opened
      }
      throw translate(e);
    }
  }

  RedisClusterCommands<String, String> sync() {
    return sync;
  }

  /** For pipelining many small commands at once (the sweep, listing projects). */
  RedisClusterAsyncCommands<String, String> async() {
    return async;
  }

  StatefulRedisPubSubConnection<String, String> pubsub() {
    return pubsub;
  }

  /** Runs {@code script} by its SHA-1, loading it when the server does not know it (yet, or after a restart). */
  <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
    return call(() -> {
      try {
        return sync.<T>evalsha(script.sha, type, keys, args);
      } catch (RedisNoScriptException e) {
        return sync.<T>eval(script.source, type, keys, args);
      }
    });
  }

  /** Runs a Redis call, turning Lettuce's exceptions into SharedContext's. */
  static <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw translate(e);
    }
  }

  static ContextException translate(RuntimeException e) {
    if (e instanceof ContextException ce) {
      return ce;
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new ContextTimeoutException("Redis did not answer in time: " + e.getMessage(), e);
    }
    if (e instanceof RedisCommandExecutionException) {
      return new ContextException("STORE_ERROR", "Redis refused a command: " + e.getMessage(), e);
    }
    return new ConnectionException("Redis is not reachable: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      pubsub.close();
      connection.close();
    } finally {
      // Shuts down the client's own resources too, but never resources the caller passed in.
      client.shutdown();
    }
  }
}
