package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ServerOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Shared pieces of the handler unit tests: a runtime over a memory store, requests, responses. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static ServerRuntime runtime() {
    return runtime(ServerOptions.defaults());
  }

  static ServerRuntime runtime(ServerOptions options) {
    return new ServerRuntime(options, ContextStore.inMemory());
  }

  static FullHttpRequest request(HttpMethod method, String uri, String body, String... headers) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.wrappedBuffer(bytes));
    HttpUtil.setContentLength(r, bytes.length);
    r.headers().set(HttpHeaderNames.HOST, "test");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.headers().set(headers[i], headers[i + 1]);
    }
    return r;
  }

  /** A response read from a channel, its buffer released. */
  record Response(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return parse(body);
    }
  }

  static Response response(EmbeddedChannel ch) {
    Object out = ch.readOutbound();
    if (!(out instanceof FullHttpResponse r)) {
      ReferenceCountUtil.release(out);
      throw new AssertionError("expected a response, got " + out);
    }
    try {
      return new Response(r.status().code(), r.headers().copy(), r.content().toString(StandardCharsets.UTF_8));
    } finally {
      r.release();
    }
  }

  /** The next outbound WebSocket frame's text (released), or null if the frame is not text. */
  static String text(EmbeddedChannel ch) {
    Object out = ch.readOutbound();
    if (out == null) {
      return null;
    }
    try {
      return out instanceof TextWebSocketFrame t ? t.text() : "<" + out.getClass().getSimpleName() + ">";
    } finally {
      ReferenceCountUtil.release(out);
    }
  }

  /** The next outbound frame (caller releases). */
  static WebSocketFrame frame(EmbeddedChannel ch) {
    return ch.readOutbound();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
