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
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
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

  @Test
  void pipelinedRequestsWithAndWithoutBodiesArriveWholeAndInOrder() {
    EmbeddedChannel wire = new EmbeddedChannel(new HttpServerCodec(), new BodyAggregator(rt));
    try {
      wire.writeInbound(Unpooled.copiedBuffer("GET /context/a?x=1 HTTP/1.1\r\nHost: h\r\nX-Test: one\r\n\r\n"
          + "PUT /context/b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
          + "DELETE /context/c HTTP/1.1\r\nContent-Length: 0\r\n\r\n", StandardCharsets.US_ASCII));
      FullHttpRequest get = wire.readInbound();
      FullHttpRequest put = wire.readInbound();
      FullHttpRequest delete = wire.readInbound();
      try {
        assertThat(get.uri()).isEqualTo("/context/a?x=1");
        assertThat(get.headers().get("X-Test")).isEqualTo("one");
        assertThat(get.content().readableBytes()).isZero();
        assertThat(get.decoderResult().isSuccess()).isTrue();
        assertThat(put.method()).isEqualTo(HttpMethod.PUT);
        assertThat(put.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(delete.method()).isEqualTo(HttpMethod.DELETE);
        assertThat(delete.content().readableBytes()).isZero();
        assertThat((Object) wire.readInbound()).isNull();
      } finally {
        get.release();
        put.release();
        delete.release();
      }
    } finally {
      wire.finishAndReleaseAll();
    }
  }

  @Test
  void aBodylessHeadFollowedByTrailersStillGoesThroughTheAggregator() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/context/p");
    LastHttpContent last = new DefaultLastHttpContent();
    last.trailingHeaders().set("X-Trailer", "t");
    ch.writeInbound(req, last);
    FullHttpRequest full = ch.readInbound();
    try {
      assertThat(full.uri()).isEqualTo("/context/p");
      assertThat(full.trailingHeaders().get("X-Trailer")).isEqualTo("t");
    } finally {
      full.release();
    }
  }
}
