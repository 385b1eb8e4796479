package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.server.ServerOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodyAggregatorTest {
  final ServerRuntime rt = Fixtures.runtime(ServerOptions.builder().maxBodyBytes(100).build());
  final EmbeddedChannel ch = new EmbeddedChannel(new BodyAggregator(rt));

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
    rt.close();
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/context/p");
    req.headers().set(HttpHeaderNames.CONTENT_LENGTH, 1000);
    ch.writeInbound(req);
    Fixtures.Response r = Fixtures.response(ch);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("code").asText()).isEqualTo("TOO_LARGE");
    assertThat(r.json().get("limit").asInt()).isEqualTo(100);
    assertThat(r.json().get("limitName").asText()).isEqualTo("maxBodyBytes");
    // keep-alive without 100-continue: the rest of the body is discarded, the connection lives
    ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[1000])));
    assertThat(ch.inboundMessages()).isEmpty();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aChunkedBodyIsRefusedOnceItPassesTheLimit() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/context/p");
    req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ch.writeInbound(req);
    ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[60])));
    assertThat(ch.outboundMessages()).isEmpty();
    ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[60])));
    assertThat(Fixtures.response(ch).status()).isEqualTo(413);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void bodiesWithinTheLimitPassAsOneRequest() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/context/p");
    req.headers().set(HttpHeaderNames.CONTENT_LENGTH, 100);
    ch.writeInbound(req, new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[100])));
    FullHttpRequest full = ch.readInbound();
    try {
      assertThat(full.content().readableBytes()).isEqualTo(100);
    } finally {
      full.release();
    }
  }
}
