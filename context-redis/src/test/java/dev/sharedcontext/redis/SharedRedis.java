package dev.sharedcontext.redis;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One redis-server and one set of Lettuce resources for every test of the JVM that does not need
 * its own (started on first use, stopped at exit); each store gets its own key prefix, so tests
 * never see each other's projects.
 */
public final class SharedRedis {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private SharedRedis() {}

  private static final class Holder {
    static final RedisServer SERVER = RedisServer.start();
    static final ClientResources RESOURCES = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2).build();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        RESOURCES.shutdown();
        SERVER.close();
      }, "redis-test-server-stop"));
    }
  }

  public static RedisServer server() {
    return Holder.SERVER;
  }

  /** A fresh key prefix. */
  public static String prefix() {
    return "t" + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet() + ":";
  }

  /** Options for a store on the shared server with its own prefix and the shared Lettuce resources. */
  public static RedisStoreOptions.Builder options(StoreOptions storeOptions) {
    return RedisStoreOptions.builder().uri(server().uri()).keyPrefix(prefix()).storeOptions(storeOptions)
        .clientResources(Holder.RESOURCES);
  }

  /** A store on the shared server with its own prefix. */
  public static ContextStore newStore(StoreOptions storeOptions) {
    return RedisContextStore.create(options(storeOptions).build());
  }
}
