package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestTimeoutHandlerTest {
  static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
  final RequestTimeoutHandler handler = new RequestTimeoutHandler(TIMEOUT);
  final EmbeddedChannel ch = new EmbeddedChannel(handler);

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  void advance(long seconds) {
    ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void aSilentConnectionIsClosed() {
    advance(9);
    assertThat(ch.isOpen()).isTrue();
    advance(2);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void headersWithoutTheirBodyDoNotStopTheClock() {
    ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x"));
    ReferenceCountUtil.release(ch.readInbound());
    assertThat(handler.idle()).isFalse();
    advance(11);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void processingStopsTheClockAndTheResponseRestartsIt() {
    ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x"), LastHttpContent.EMPTY_LAST_CONTENT);
    ch.releaseInbound();
    advance(60);
    assertThat(ch.isOpen()).as("a slow handler is not the client's fault").isTrue();
    ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
    ch.releaseOutbound();
    assertThat(handler.idle()).isTrue();
    advance(9);
    assertThat(ch.isOpen()).isTrue();
    advance(2);
    assertThat(ch.isOpen()).as("keep-alive idle limit").isFalse();
  }
}
