package dev.sharedcontext.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A store named by URI is made by the provider of its scheme found on the class path (here a test
 * provider of {@code fake://}, listed in this module's test resources); a blocking one moves the
 * handlers off the I/O threads; a scheme nobody serves is a clear error.
 */
class StoreProviderTest {

  /** Serves {@code fake://}: a memory store, recorded, and said to block. */
  public static final class FakeProvider implements ContextStoreProvider {
    static final List<Request> REQUESTS = new ArrayList<>();

    @Override
    public Set<String> schemes() {
      return Set.of("fake");
    }

    @Override
    public ContextStore create(Request request) {
      synchronized (REQUESTS) {
        REQUESTS.add(request);
      }
      return ContextStore.inMemory(request.storeOptions());
    }
  }

  @Test
  void theProviderOfTheSchemeMakesTheStoreAndTheServerOwnsIt() {
    ServerOptions options = ServerOptions.builder().redisUri("FAKE://somewhere:1/2").redisKeyPrefix("x:")
        .redisCluster(true).build();
    SharedContextServer server = SharedContextServer.builder().port(0).options(options).build();
    try {
      ContextStoreProvider.Request r;
      synchronized (FakeProvider.REQUESTS) {
        r = FakeProvider.REQUESTS.get(FakeProvider.REQUESTS.size() - 1);
      }
      assertThat(r.uri()).isEqualTo("FAKE://somewhere:1/2");
      assertThat(r.keyPrefix()).isEqualTo("x:");
      assertThat(r.cluster()).isTrue();
      assertThat(r.storeOptions()).isSameAs(options.storeOptions());
      assertThat(server.options().handlerThreads()).isEqualTo(ServerOptions.DEFAULT_BLOCKING_STORE_HANDLER_THREADS);
      server.start();
      server.store().commit("p", CommitRequest.replace(ContextDocument.parse("{}")));
    } finally {
      server.close();
    }
    assertThatThrownBy(() -> server.store().head("p")).hasMessageContaining("closed");
  }

  @Test
  void givenHandlerThreadsAreKeptAndTheMemoryStoreNeedsNone() {
    ServerOptions options = ServerOptions.builder().redisUri("fake://h").handlerThreads(3).build();
    assertThat(SharedContextServer.builder().options(options).build().options().handlerThreads()).isEqualTo(3);
    assertThat(SharedContextServer.builder().build().options().handlerThreads()).isZero();
  }

  @Test
  void aSchemeNobodyServesIsAClearError() {
    ServerOptions redis = ServerOptions.builder().redisUri("redis://127.0.0.1:6379").build();
    assertThatThrownBy(() -> SharedContextServer.builder().options(redis).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("context-redis");
    ServerOptions bare = ServerOptions.builder().redisUri("127.0.0.1:6379").build();
    assertThatThrownBy(() -> SharedContextServer.builder().options(bare).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
    assertThatThrownBy(() -> ServerOptions.builder().redisUri(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerOptions.builder().redisKeyPrefix("a{b}")).hasMessageContaining("braces");
  }
}
