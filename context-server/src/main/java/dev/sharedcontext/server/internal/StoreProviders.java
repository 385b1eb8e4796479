package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ContextStoreProvider;
import dev.sharedcontext.server.ServerOptions;
import java.net.URI;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * The store a server makes for itself: the memory store, or the one a {@link ContextStoreProvider}
 * on the class path makes for {@link ServerOptions#redisUri()}.
 */
public final class StoreProviders {
  private StoreProviders() {}

  /**
   * A made store and whether its calls block.
   *
   * @param blocking true when handlers must run off the I/O threads
   */
  public record Made(ContextStore store, boolean blocking) {}

  /**
   * Makes the store {@code options} ask for.
   *
   * @throws IllegalArgumentException if the URI has no scheme
   * @throws IllegalStateException if no provider on the class path serves its scheme
   */
  public static Made make(ServerOptions options, ClassLoader loader) {
    String uri = options.redisUri();
    if (uri == null) {
      return new Made(ContextStore.inMemory(options.storeOptions()), false);
    }
    ContextStoreProvider provider = find(scheme(uri), loader);
    ContextStore store = provider.create(new ContextStoreProvider.Request(uri, options.redisKeyPrefix(),
        options.redisCluster(), options.storeOptions()));
    return new Made(store, provider.blocking());
  }

  /** The provider serving {@code scheme}, the first found. */
  static ContextStoreProvider find(String scheme, ClassLoader loader) {
    for (ContextStoreProvider p : ServiceLoader.load(ContextStoreProvider.class, loader)) {
      if (p.schemes().contains(scheme)) {
        return p;
      }
    }
    throw new IllegalStateException("no store for " + scheme + ":// URIs on the class path: "
        + (scheme.startsWith("redis") ? "add dev.sharedcontext:context-redis (or run its -server.jar)" : "unknown scheme"));
  }

  static String scheme(String uri) {
    String scheme;
    try {
      scheme = URI.create(uri).getScheme();
    } catch (IllegalArgumentException e) {
      int colon = uri.indexOf("://");
      scheme = colon > 0 ? uri.substring(0, colon) : null; // e.g. Sentinel's host lists are no java.net.URI
    }
    if (scheme == null) {
      throw new IllegalArgumentException("a store URI needs a scheme, e.g. redis://127.0.0.1:6379: " + uri);
    }
    return scheme.toLowerCase(Locale.ROOT);
  }
}
