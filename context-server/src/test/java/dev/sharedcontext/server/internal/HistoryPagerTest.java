package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pages of the history: small first, then sized by the documents, the last one flagged. */
class HistoryPagerTest {
  // chars/4 counts: BPE over megabytes of one letter would only cost time here
  final ContextStore store = ContextStore.inMemory(StoreOptions.builder().maxVersionsPerProject(500)
      .maxHistoryBytesPerProject(1L << 30).tokenCounter(TokenCounter.estimator()).build());

  @AfterEach
  void close() {
    store.close();
  }

  void commit(int n, int padding) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode().put("n", n).put("pad", "x".repeat(padding));
    store.commit("p", CommitRequest.replace(ContextDocument.of(doc)));
  }

  @Test
  void smallDocumentsComeInFullPagesUntilTheHead() {
    for (int n = 1; n <= 100; n++) {
      commit(n, 10);
    }
    HistoryPager pager = new HistoryPager(store, "p");
    HistoryPager.Page first = pager.next(1);
    assertThat(first.changes()).hasSize(HistoryPager.FIRST_PAGE_VERSIONS);
    assertThat(first.last()).isFalse();
    assertThat(pager.limit()).isEqualTo(HistoryPager.MAX_PAGE_VERSIONS);
    long from = first.changes().get(first.changes().size() - 1).version().version();
    HistoryPager.Page second = pager.next(from);
    assertThat(second.changes()).hasSize(HistoryPager.MAX_PAGE_VERSIONS);
    assertThat(second.changes().get(0).previousVersion()).isEqualTo(from);
    ContextChange lastOfSecond = second.changes().get(second.changes().size() - 1);
    HistoryPager.Page third = pager.next(lastOfSecond.version().version());
    assertThat(third.last()).isTrue();
    assertThat(third.changes().get(third.changes().size() - 1).version().version()).isEqualTo(100);
    assertThat(pager.next(100).changes()).isEmpty();
  }

  @Test
  void largeDocumentsMakeSmallPages() {
    int padding = 1024 * 1024; // ~1 MiB per document: 4 per page
    for (int n = 1; n <= 12; n++) {
      commit(n, padding);
    }
    HistoryPager pager = new HistoryPager(store, "p");
    pager.next(1);
    assertThat(pager.limit()).isEqualTo(3); // 4 MiB over documents a little past 1 MiB
  }

  @Test
  void compactedAndUnknownVersionsAreTheStoresErrors() {
    ContextStore small = ContextStore.inMemory(StoreOptions.builder().maxVersionsPerProject(5).build());
    try {
      for (int n = 1; n <= 20; n++) {
        small.commit("p", CommitRequest.replace(ContextDocument.parse("{\"n\": " + n + "}")));
      }
      HistoryPager pager = new HistoryPager(small, "p");
      assertThatThrownBy(() -> pager.next(3)).isInstanceOf(CompactedException.class);
      assertThatThrownBy(() -> pager.next(21)).isInstanceOf(NotFoundException.class);
      assertThat(new HistoryPager(small, "q").limit()).isEqualTo(HistoryPager.FIRST_PAGE_VERSIONS);
      assertThatThrownBy(() -> new HistoryPager(small, "q").next(1)).isInstanceOf(NotFoundException.class);
    } finally {
      small.close();
    }
  }
}
