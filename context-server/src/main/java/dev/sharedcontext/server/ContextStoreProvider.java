package dev.sharedcontext.server;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import java.util.Objects;
import java.util.Set;

/**
 * Makes the store a server serves when its options name one by URI ({@link ServerOptions#redisUri()}):
 * found with {@link java.util.ServiceLoader} by the URI's scheme, so that a store whose client
 * library the server does not depend on (the Redis store of {@code context-redis}, on Lettuce)
 * is used when, and only when, its module is on the class path. Implementations are listed in
 * {@code META-INF/services/dev.sharedcontext.server.ContextStoreProvider} and need a public
 * no-argument constructor; they must be thread-safe.
 */
public interface ContextStoreProvider {

  /** The URI schemes served, in lower case, e.g. {@code redis}, {@code rediss}, {@code redis-sentinel}. */
  Set<String> schemes();

  /**
   * A new store for {@code request}; the server that asked closes it.
   *
   * @throws dev.sharedcontext.core.ConnectionException if what the URI names cannot be reached
   * @throws IllegalArgumentException if the URI or a setting is not valid for this store
   */
  ContextStore create(Request request);

  /**
   * True if the store's calls wait on the network (default): the server then runs its handlers
   * off the I/O threads, with {@link ServerOptions#DEFAULT_BLOCKING_STORE_HANDLER_THREADS}
   * handler threads unless {@link ServerOptions#handlerThreads()} says otherwise.
   */
  default boolean blocking() {
    return true;
  }

  /**
   * What the server asks for.
   *
   * @param uri the store's URI as configured, e.g. {@code redis://127.0.0.1:6379}
   * @param keyPrefix prepended to every key the store writes, so stores can share a server
   * @param cluster true when the URI names one node of a cluster (Redis Cluster)
   * @param storeOptions retention, limits, clock and token counter
   */
  record Request(String uri, String keyPrefix, boolean cluster, StoreOptions storeOptions) {
    public Request {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      Objects.requireNonNull(storeOptions, "storeOptions");
    }
  }
}
