package dev.sharedcontext.server.internal;

import static dev.sharedcontext.server.internal.Fixtures.parse;
import static dev.sharedcontext.server.internal.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.ServerOptions;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resume from a version older than the recent frames: every version from the store's history,
 * one message each, in pages, through live commits and backpressure; a snapshot only when the
 * history no longer reaches. On an EmbeddedChannel, whose pending tasks are the queued pages.
 */
class SubscriberReplayTest {
  ServerRuntime rt;
  EmbeddedChannel ch;

  void open(int maxVersions) {
    rt = new ServerRuntime(ServerOptions.defaults(),
        ContextStore.inMemory(StoreOptions.builder().maxVersionsPerProject(maxVersions).build()));
    ch = new EmbeddedChannel();
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
    rt.close();
    rt.store.close();
  }

  /** Commits versions up to {@code head}, nobody subscribed: no recent frames are kept. */
  void commitUpTo(int head) {
    long v = rt.store.head("p").map(s -> s.version().version()).orElse(0L);
    while (v < head) {
      v = rt.store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"n\": " + (v + 1) + ", \"text\": \"line "
          + (v + 1) + "\\n\"}"))).version().version();
    }
  }

  Subscriber subscriber() {
    Subscriber sub = new Subscriber(rt, ch, ch.eventLoop(), "p");
    rt.feeds.add(sub);
    return sub;
  }

  /** Reads updates {@code from + 1 ... to}, each applied to {@code doc} and checked against its hash. */
  ContextDocument readUpdates(long from, long to, ContextDocument doc) {
    for (long v = from + 1; v <= to; v++) {
      String t = text(ch);
      assertThat(t).as("update %d", v).isNotNull();
      JsonNode u = parse(t);
      assertThat(u.get("type").asText()).isEqualTo("context_update");
      assertThat(u.get("baseVersion").asLong()).as("no gap, no duplicate").isEqualTo(v - 1);
      assertThat(u.get("version").asLong()).isEqualTo(v);
      assertThat(u.has("catchUp")).isFalse();
      doc = Patch.fromJson(u.get("patch")).apply(doc);
      assertThat(doc.hash()).isEqualTo(u.get("hash").asText());
    }
    return doc;
  }

  @Test
  void aVersionOlderThanTheRecentFramesIsReplayedVersionByVersion() {
    open(1000);
    commitUpTo(200);
    ContextDocument doc = rt.store.at("p", 10).document();
    Subscriber sub = subscriber();
    sub.start(10);
    ch.runPendingTasks(); // the pages after the first
    doc = readUpdates(10, 200, doc);
    assertThat(ch.outboundMessages()).isEmpty();
    assertThat(doc).isEqualTo(rt.store.head("p").orElseThrow().document());
    commitUpTo(201);
    ch.runPendingTasks();
    readUpdates(200, 201, doc);
    assertThat(rt.metrics.catchUps.sum()).isZero();
  }

  @Test
  void commitsDuringAReplayAreNeitherLostNorDoubled() {
    open(1000);
    commitUpTo(100);
    ContextDocument doc = rt.store.at("p", 3).document();
    Subscriber sub = subscriber();
    sub.start(3); // sends the first page now, queues the next
    assertThat(ch.outboundMessages()).hasSize(HistoryPager.FIRST_PAGE_VERSIONS);
    commitUpTo(150); // their frames are queued behind the next page
    ch.runPendingTasks();
    doc = readUpdates(3, 150, doc);
    assertThat(ch.outboundMessages()).isEmpty();
    commitUpTo(151);
    ch.runPendingTasks();
    readUpdates(150, 151, doc);
  }

  @Test
  void aReplayPausedByBackpressureGoesOnExactlyWhereItStopped() {
    open(1000);
    commitUpTo(80);
    ContextDocument doc = rt.store.at("p", 1).document();
    Subscriber sub = subscriber();
    sub.start(1);
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    ch.runPendingTasks(); // the next page finds the channel full: paused
    doc = readUpdates(1, 1 + HistoryPager.FIRST_PAGE_VERSIONS, doc);
    assertThat(ch.outboundMessages()).isEmpty();
    commitUpTo(90); // while paused: covered by the replay, not dropped
    ch.runPendingTasks();
    assertThat(ch.outboundMessages()).isEmpty();
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    sub.writabilityChanged();
    ch.runPendingTasks();
    readUpdates(1 + HistoryPager.FIRST_PAGE_VERSIONS, 90, doc);
    assertThat(ch.outboundMessages()).isEmpty();
    assertThat(rt.metrics.catchUps.sum()).isZero();
    assertThat(rt.metrics.updatesDropped.sum()).isZero();
  }

  @Test
  void aVersionNoLongerInTheHistoryGetsASnapshot() {
    open(10);
    commitUpTo(50);
    Subscriber sub = subscriber();
    sub.start(5);
    ch.runPendingTasks();
    JsonNode snap = parse(text(ch));
    assertThat(snap.get("type").asText()).isEqualTo("context_snapshot");
    assertThat(snap.get("version").asLong()).isEqualTo(50);
    assertThat(ch.outboundMessages()).isEmpty();
    commitUpTo(51);
    ch.runPendingTasks();
    readUpdates(50, 51, ContextDocument.of(snap.get("context")));
  }

  @Test
  void theOldestRetainedVersionIsStillReplayed() {
    open(10);
    commitUpTo(50);
    long oldest = 41; // ten versions kept: 41..50
    ContextDocument doc = rt.store.at("p", oldest).document();
    Subscriber sub = subscriber();
    sub.start(oldest);
    ch.runPendingTasks();
    readUpdates(oldest, 50, doc);
    assertThat(ch.outboundMessages()).isEmpty();
  }
}
