package dev.sharedcontext.redis;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Commits per second and commit latency through one or two store instances on one Redis: each
 * of {@code threads} threads commits small patches (one string member, no base) for a fixed time,
 * to one shared project or to a project of its own. Runnable as a program
 * ({@code Throughput <redis-uri>}) or from {@link ThroughputIT}.
 */
public final class Throughput {

  private Throughput() {}

  public static ClosedLoop.Result run(String name, String uri, int instances, int threads, boolean oneProject,
      long warmupMillis, long measureMillis) throws Exception {
    String prefix = SharedRedis.prefix();
    RedisStoreOptions options = RedisStoreOptions.builder().uri(uri).keyPrefix(prefix)
        .storeOptions(StoreOptions.defaults()).build();
    List<ContextStore> stores = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        stores.add(RedisContextStore.create(options));
      }
      StringBuilder json = new StringBuilder("{");
      for (int k = 0; k < 64; k++) {
        json.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"value ").append(k).append('"');
      }
      ContextDocument initial = ContextDocument.parse(json.append('}').toString());
      for (int t = 0; t < threads; t++) {
        String project = oneProject ? "bench" : "bench-" + t;
        if (t == 0 || !oneProject) {
          stores.get(0).commit(project, CommitRequest.replace(initial));
        }
      }
      return ClosedLoop.run(name, instances, threads, oneProject, warmupMillis, measureMillis, thread -> {
        ContextStore store = stores.get(thread % instances);
        String project = oneProject ? "bench" : "bench-" + thread;
        return i -> store.commit(project, CommitRequest.patch(Patch.of(new PatchOperation.Replace(
            JsonPointer.of("k" + (thread * 8 + i % 8) % 64), TextNode.valueOf("t" + thread + " commit " + i))))
            .by("bench"));
      });
    } finally {
      stores.forEach(ContextStore::close);
    }
  }

  public static void main(String[] args) throws Exception {
    String uri = args.length > 0 ? args[0] : RedisStoreOptions.DEFAULT_URI;
    for (boolean oneProject : new boolean[] {true, false}) {
      System.out.println(run("main", uri, 1, 8, oneProject, 2000, 5000));
      System.out.println(run("main", uri, 2, 8, oneProject, 2000, 5000));
    }
  }
}
