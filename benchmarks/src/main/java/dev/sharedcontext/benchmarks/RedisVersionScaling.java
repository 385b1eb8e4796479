package dev.sharedcontext.benchmarks;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.redis.RedisContextStore;
import dev.sharedcontext.redis.RedisStoreOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * {@link VersionScaling}'s rows for the Redis store, on a {@code redis-server} of its own: a
 * one-line commit to a 100 KB context once the history is full, catch-ups from the oldest kept
 * version and from {@value VersionScaling#SPREAD} spread over the kept ones (the store rebuilds an
 * old version from the nearest checkpoint at or after it, reading the history up to it), and the
 * project's memory in Redis ({@code MEMORY USAGE} of its head, history and checkpoints).
 */
final class RedisVersionScaling {
  /** Commits timed per size: fewer than in-process, each being a round trip. */
  private static final int MEASURED = 500;

  private RedisVersionScaling() {}

  /**
   * {@code MEMORY USAGE key SAMPLES 0}: every element counted. Without it Redis adds up the first
   * five of a hash's fields and scales that up, which may leave out the document's field.
   */
  private static long memoryUsage(RedisCommands<String, String> commands, String key) {
    Long bytes = commands.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
    return bytes == null ? 0 : bytes;
  }

  static void run(ScalingTable out) {
    try (RedisProcess redis = RedisProcess.start(); RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      for (int kept : VersionScaling.KEPT) {
        String prefix = "kept" + kept + ":";
        try (ContextStore store = RedisContextStore.create(RedisStoreOptions.builder().uri(redis.uri())
            .keyPrefix(prefix).storeOptions(StoreOptions.builder().maxVersionsPerProject(kept).build()).build())) {
          VersionScaling.Replay r = VersionScaling.replay(store, kept, MEASURED);
          long bytes = 0;
          for (String key : new String[] {"head", "log", "checkpoints"}) {
            bytes += memoryUsage(connection.sync(), prefix + "{" + VersionScaling.PROJECT + "}:" + key);
          }
          r.report(out, " (Redis store)");
          out.heap("versions kept", r.work(), "Redis memory of the project", bytes, r.retained(), "version",
              "MEMORY USAGE");
        }
      }
    }
  }
}
