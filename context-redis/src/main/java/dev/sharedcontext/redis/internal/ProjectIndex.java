package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.store.ProjectSummary;
import dev.sharedcontext.core.store.StoreOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ZAddArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The set of project ids, for {@link dev.sharedcontext.core.store.ContextStore#projects()} and
 * the project limit. It lives outside the projects' slots (one key for all), so it is kept beside
 * the commit script rather than by it: an id is added before a project's first commit and removed
 * on delete; ids whose head has expired are dropped whenever the set is read.
 */
final class ProjectIndex {
  private static final String[] HEAD_FIELDS = {"v", "inc", "ts", "agent", "hash", "size", "tokens", "oldest", "hbytes"};

  private final RedisAccess redis;
  private final Keys keys;
  private final StoreOptions options;

  ProjectIndex(RedisAccess redis, Keys keys, StoreOptions options) {
    this.redis = redis;
    this.keys = keys;
    this.options = options;
  }

  /**
   * Makes room for a new project, or refuses it.
   *
   * @throws LimitExceededException if {@code maxProjects} projects exist
   */
  void admit(String projectId) {
    String index = keys.index();
    boolean listed = RedisAccess.call(() -> redis.sync().zscore(index, projectId)) != null;
    if (!listed) {
      if (RedisAccess.call(() -> redis.sync().zcard(index)) >= options.maxProjects()) {
        summaries(); // drops the ids of expired projects
        if (RedisAccess.call(() -> redis.sync().zcard(index)) >= options.maxProjects()) {
          throw LimitExceededException.tooMany("maxProjects", options.maxProjects(), "a new project");
        }
      }
      long now = options.clock().millis();
      RedisAccess.call(() -> redis.sync().zadd(index, ZAddArgs.Builder.nx(), (double) now, projectId));
    }
  }

  void remove(String projectId) {
    RedisAccess.call(() -> redis.sync().zrem(keys.index(), projectId));
  }

  /**
   * The number of listed ids (one ZCARD): a project another instance deleted without unlisting it
   * (it crashed in between) counts until {@link #summaries()} unlists it.
   */
  int count() {
    return (int) Math.min(Integer.MAX_VALUE, RedisAccess.call(() -> redis.sync().zcard(keys.index())));
  }

  /** A summary of every listed project whose head exists; the others are unlisted on the way. */
  List<ProjectSummary> summaries() {
    List<String> ids = RedisAccess.call(() -> redis.sync().zrange(keys.index(), 0, -1));
    List<RedisFuture<List<KeyValue<String, String>>>> heads = new ArrayList<>(ids.size());
    for (String id : ids) {
      heads.add(redis.async().hmget(keys.head(id), HEAD_FIELDS));
    }
    List<ProjectSummary> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      List<KeyValue<String, String>> fields = await(heads.get(i));
      if (!fields.get(0).hasValue()) {
        String gone = ids.get(i);
        RedisAccess.call(() -> redis.sync().zrem(keys.index(), gone));
        continue;
      }
      List<String> values = new ArrayList<>(fields.size());
      for (KeyValue<String, String> kv : fields) {
        values.add(kv.getValueOrElse(null));
      }
      Records.Head head = Records.head(ids.get(i), values);
      out.add(new ProjectSummary(head.meta(), head.oldest(), head.historyBytes()));
    }
    return out;
  }

  private static <T> T await(RedisFuture<T> future) {
    return RedisAccess.call(() -> {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the project index", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      }
    });
  }
}
