package dev.sharedcontext.server.internal;

import static dev.sharedcontext.server.internal.Fixtures.parse;
import static dev.sharedcontext.server.internal.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketHandlerTest {
  ServerRuntime rt;
  EmbeddedChannel ch;
  Subscriber sub;

  @BeforeEach
  void setUp() {
    rt = Fixtures.runtime();
    rt.store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"a\": 1}")));
    ch = new EmbeddedChannel();
    sub = new Subscriber(rt, ch, ch.eventLoop(), "p");
    rt.feeds.add(sub);
    ch.pipeline().addLast(new WebSocketHandler(rt, sub, "agent-1", null));
    sub.start(1);
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
    rt.close();
  }

  void send(String text) {
    ch.writeInbound(new TextWebSocketFrame(text));
    ch.runPendingTasks();
  }

  @Test
  void pingAndUnknownTypes() {
    send("{\"type\": \"ping\"}");
    assertThat(text(ch)).isEqualTo("{\"type\":\"pong\"}");
    send("{\"type\": \"nope\", \"requestId\": \"q\"}");
    var e = parse(text(ch));
    assertThat(e.get("type").asText()).isEqualTo("error");
    assertThat(e.get("requestId").asText()).isEqualTo("q");
    assertThat(e.get("code").asText()).isEqualTo("INVALID_INPUT");
    assertThat(rt.metrics.wsMessagesIn.sum()).isEqualTo(2);
  }

  @Test
  void contextUpdateIsAcknowledgedAndFannedOut() {
    send("{\"type\": \"context_update\", \"requestId\": 1, \"baseVersion\": 1, "
        + "\"patch\": [{\"op\": \"replace\", \"path\": \"/a\", \"value\": 2}]}");
    var first = parse(text(ch));
    var second = parse(text(ch));
    var ack = first.get("type").asText().equals("ack") ? first : second;
    var update = ack == first ? second : first;
    assertThat(ack.get("version").asLong()).isEqualTo(2);
    assertThat(update.get("agentId").asText()).isEqualTo("agent-1");
    assertThat(rt.metrics.commits.sum()).isEqualTo(1);
  }

  @Test
  void binaryFramesGetAnErrorAndTheConnectionStays() {
    ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
    assertThat(text(ch)).contains("binary");
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void controlFrames() {
    ch.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8)));
    WebSocketFrame pong = Fixtures.frame(ch);
    try {
      assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
      assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
    } finally {
      pong.release();
    }
    ch.writeInbound(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "bye"));
    CloseWebSocketFrame close = (CloseWebSocketFrame) Fixtures.frame(ch);
    try {
      assertThat(close.statusCode()).isEqualTo(1000);
    } finally {
      close.release();
    }
    assertThat(ch.isOpen()).isFalse();
    assertThat(rt.feeds.count("p")).isZero();
  }

  @Test
  void idlePeersArePingedThenClosed() {
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    WebSocketFrame ping = Fixtures.frame(ch);
    try {
      assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
    } finally {
      ping.release();
    }
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void anAnswerKeepsThePeerAlive() {
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    Fixtures.frame(ch).release();
    ch.writeInbound(new PongWebSocketFrame());
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isTrue();
    Fixtures.frame(ch).release(); // the next ping
  }

  @Test
  void brokenFramingGetsAnErrorThenTheMatchingClose() {
    ch.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "big"));
    var e = parse(text(ch));
    assertThat(e.get("code").asText()).isEqualTo("TOO_LARGE");
    CloseWebSocketFrame close = (CloseWebSocketFrame) Fixtures.frame(ch);
    try {
      assertThat(close.statusCode()).isEqualTo(1009);
    } finally {
      close.release();
    }
    assertThat(ch.isOpen()).isFalse();
  }
}
