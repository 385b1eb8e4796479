package dev.sharedcontext.benchmarks;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;

/**
 * The measured side: a {@link SharedContextServer} with default options on loopback port 0 over
 * a memory store that the benchmark owns, so it can seed projects without going through HTTP.
 */
final class EmbeddedServer implements AutoCloseable {
  private final ContextStore store;
  private final SharedContextServer server;

  private EmbeddedServer(ContextStore store, SharedContextServer server) {
    this.store = store;
    this.server = server;
  }

  /** A server over a memory store with default options. */
  static EmbeddedServer start() {
    return start(StoreOptions.defaults());
  }

  static EmbeddedServer start(StoreOptions storeOptions) {
    return start(storeOptions, ServerOptions.defaults());
  }

  /** A server with {@code serverOptions} (its port aside: 0) over a memory store with {@code storeOptions}. */
  static EmbeddedServer start(StoreOptions storeOptions, ServerOptions serverOptions) {
    ContextStore store = ContextStore.inMemory(storeOptions);
    try {
      return new EmbeddedServer(store,
          SharedContextServer.builder().options(serverOptions).port(0).store(store).build().start());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  ContextStore store() {
    return store;
  }

  /** Replaces project {@code id}'s context with {@code document}; returns the new version. */
  long seed(String id, ContextDocument document) {
    return store.commit(id, CommitRequest.replace(document).by("seed")).version().version();
  }

  /** {@code http://127.0.0.1:port/context/{id}}. */
  URI context(String id) {
    return server.uri().resolve("/context/" + id);
  }

  /** {@code http://127.0.0.1:port/context/{id}/diff}. */
  URI diff(String id) {
    return server.uri().resolve("/context/" + id + "/diff");
  }

  /** {@code ws://127.0.0.1:port/context/{id}/stream?agentId=...&fromVersion=...}. */
  URI stream(String id, String agentId, long fromVersion) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/context/" + id + "/stream?agentId=" + agentId
        + "&fromVersion=" + fromVersion);
  }

  /** {@link #stream}, windowed to {@code budget} tokens. */
  URI windowedStream(String id, String agentId, long fromVersion, int budget) {
    return URI.create(stream(id, agentId, fromVersion) + "&budget=" + budget);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
