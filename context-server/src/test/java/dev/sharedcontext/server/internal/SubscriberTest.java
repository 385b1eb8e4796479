package dev.sharedcontext.server.internal;

import static dev.sharedcontext.server.internal.Fixtures.parse;
import static dev.sharedcontext.server.internal.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.DeleteReason;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed rule (skip covered, send next, catch up otherwise) and backpressure, on an EmbeddedChannel. */
class SubscriberTest {
  ServerRuntime rt;
  EmbeddedChannel ch;
  Subscriber sub;

  @BeforeEach
  void setUp() {
    rt = Fixtures.runtime();
    ch = new EmbeddedChannel();
    sub = new Subscriber(rt, ch, ch.eventLoop(), "p");
    rt.feeds.add(sub);
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
    rt.close();
  }

  void commit(int n) {
    rt.store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"n\": " + n + "}")));
    ch.runPendingTasks();
  }

  JsonNode next() {
    String t = text(ch);
    assertThat(t).as("a message").isNotNull();
    return parse(t);
  }

  void stall(boolean stalled) {
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, !stalled);
  }

  @Test
  void snapshotThenOneUpdatePerVersion() {
    commit(1);
    sub.start(-1);
    JsonNode snap = next();
    assertThat(snap.get("type").asText()).isEqualTo("context_snapshot");
    assertThat(snap.get("version").asLong()).isEqualTo(1);
    commit(2);
    JsonNode u = next();
    assertThat(u.get("type").asText()).isEqualTo("context_update");
    assertThat(u.get("baseVersion").asLong()).isEqualTo(1);
    assertThat(u.get("version").asLong()).isEqualTo(2);
    assertThat(ch.outboundMessages()).isEmpty();
    assertThat(rt.metrics.updatesSent.sum()).isEqualTo(1);
  }

  @Test
  void aPlainSubscriberWritesPlainFrames() {
    commit(1);
    sub.start(-1);
    next();
    commit(2);
    // A DecodedUpdateFrame would hold a whole document for as long as it waits to be encoded.
    Object out = ch.readOutbound();
    try {
      assertThat(out).isExactlyInstanceOf(TextWebSocketFrame.class);
    } finally {
      ReferenceCountUtil.release(out);
    }
  }

  @Test
  void framesBeforeTheStartAreCoveredByItsCatchUp() {
    commit(1);
    commit(2); // offered before start: dropped, the start's catch-up covers it
    sub.start(1);
    JsonNode u = next();
    assertThat(u.get("baseVersion").asLong()).isEqualTo(1);
    assertThat(u.get("version").asLong()).isEqualTo(2);
    assertThat(ch.outboundMessages()).isEmpty();
  }

  @Test
  void aStalledSubscriberDropsUpdatesAndGetsOneCatchUpWhenItDrains() {
    commit(1);
    sub.start(-1);
    next();
    stall(true);
    commit(2);
    commit(3);
    commit(4);
    assertThat(ch.outboundMessages()).isEmpty();
    assertThat(rt.metrics.updatesDropped.sum()).isEqualTo(3);
    stall(false);
    sub.writabilityChanged();
    JsonNode catchUp = next();
    assertThat(catchUp.get("baseVersion").asLong()).isEqualTo(1);
    assertThat(catchUp.get("version").asLong()).isEqualTo(4);
    assertThat(catchUp.get("catchUp").asBoolean()).isTrue();
    assertThat(rt.metrics.catchUps.sum()).isEqualTo(1);
    commit(5);
    assertThat(next().get("baseVersion").asLong()).isEqualTo(4);
  }

  @Test
  void aGapIsNeverSilent() {
    commit(1);
    sub.start(-1);
    next();
    rt.feeds.remove(sub);
    commit(2);
    commit(3);
    rt.feeds.add(sub);
    commit(4); // based on 3, but the client holds 1: the versions between come from the history
    for (long v = 2; v <= 4; v++) {
      JsonNode u = next();
      assertThat(u.get("baseVersion").asLong()).isEqualTo(v - 1);
      assertThat(u.get("version").asLong()).isEqualTo(v);
    }
    assertThat(ch.outboundMessages()).isEmpty();
  }

  @Test
  void resumingFromTheHeadSendsNothingAndFromAheadSendsASnapshot() {
    commit(1);
    commit(2);
    sub.start(2);
    assertThat(ch.outboundMessages()).isEmpty();
    sub.start(7);
    assertThat(next().get("type").asText()).isEqualTo("context_snapshot");
  }

  @Test
  void resumingWithinTheRecentFramesReplaysEveryVersion() {
    commit(1);
    sub.start(-1);
    next();
    for (int n = 2; n <= 6; n++) {
      commit(n);
      next();
    }
    Subscriber resumed = new Subscriber(rt, ch, ch.eventLoop(), "p");
    rt.feeds.add(resumed);
    resumed.start(3);
    for (long v = 4; v <= 6; v++) {
      JsonNode u = next();
      assertThat(u.get("baseVersion").asLong()).isEqualTo(v - 1);
      assertThat(u.get("version").asLong()).isEqualTo(v);
      assertThat(u.has("catchUp")).isFalse();
    }
    assertThat(ch.outboundMessages()).isEmpty();
    rt.feeds.remove(resumed);
  }

  @Test
  void deletionSendsTheMessageThenCloses() {
    commit(1);
    sub.start(-1);
    next();
    sub.deleted(DeleteReason.EXPIRED);
    ch.runPendingTasks();
    JsonNode d = next();
    assertThat(d.get("type").asText()).isEqualTo("context_deleted");
    assertThat(d.get("reason").asText()).isEqualTo("expired");
    CloseWebSocketFrame close = (CloseWebSocketFrame) Fixtures.frame(ch);
    try {
      assertThat(close.statusCode()).isEqualTo(1000);
    } finally {
      close.release();
    }
    assertThat(ch.isOpen()).isFalse();
  }
}
