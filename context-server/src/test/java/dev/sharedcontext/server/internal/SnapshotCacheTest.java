package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.ContextStore;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {
  private final ContextStore store = ContextStore.inMemory();

  private ContextSnapshot commit(String project, String json) {
    store.commit(project, CommitRequest.replace(ContextDocument.parse(json)));
    return store.head(project).orElseThrow();
  }

  @Test
  void eachCodingIsCompressedOncePerVersion() {
    SnapshotCache cache = new SnapshotCache(1 << 20, new ServerMetrics());
    ContextSnapshot v1 = commit("p", "{\"text\":\"" + "abc ".repeat(1000) + "\"}");
    byte[] gzip = cache.http(v1, Codec.GZIP);
    assertThat(cache.http(v1, Codec.GZIP)).isSameAs(gzip);
    byte[] zstd = cache.http(v1, Codec.ZSTD);
    assertThat(cache.http(v1, Codec.ZSTD)).isSameAs(zstd);
    assertThat(cache.compressions()).isEqualTo(2);
    assertThat(Codec.GZIP.decode(gzip, 1 << 20)).isEqualTo(cache.http(v1));
    assertThat(Codec.ZSTD.decode(zstd, 1 << 20)).isEqualTo(Responses.snapshot(v1));
    assertThat(cache.http(v1, Codec.NONE)).isSameAs(cache.http(v1));

    ContextSnapshot v2 = commit("p", "{\"text\":\"other\"}");
    cache.http(v2, Codec.GZIP);
    assertThat(cache.compressions()).as("a new version is compressed anew").isEqualTo(3);
  }

  @Test
  void withoutACacheEveryReadCompresses() {
    SnapshotCache cache = new SnapshotCache(0, new ServerMetrics());
    ContextSnapshot v1 = commit("q", "{\"a\":1}");
    cache.http(v1, Codec.DEFLATE);
    cache.http(v1, Codec.DEFLATE);
    assertThat(cache.compressions()).isEqualTo(2);
  }

  @Test
  void theSnapshotLengthIsKnownWithoutSerializing() {
    ContextSnapshot v1 = commit("r", "{\"files\":{\"a\":\"é\\n\"},\"n\":[1,2,3]}");
    assertThat(Responses.snapshotLength(v1.version())).isEqualTo(Responses.snapshot(v1).length);
  }
}
