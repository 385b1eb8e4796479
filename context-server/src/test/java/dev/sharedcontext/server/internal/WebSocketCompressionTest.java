package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketCompressionTest {

  private static HttpHeaders offer(String extensions) {
    return new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, extensions);
  }

  @Test
  void negotiatesWhatItCanServe() {
    assertThat(WebSocketCompression.negotiate(new DefaultHttpHeaders(), 1024)).isNull();
    assertThat(WebSocketCompression.negotiate(offer("x-webkit-deflate-frame"), 1024)).isNull();
    WebSocketServerExtension plain = WebSocketCompression.negotiate(offer("permessage-deflate"), 1024);
    assertThat(WebSocketCompression.responseHeader(plain)).isEqualTo("permessage-deflate");
    WebSocketServerExtension browser = WebSocketCompression.negotiate(
        offer("permessage-deflate; client_max_window_bits"), 1024);
    assertThat(WebSocketCompression.responseHeader(browser)).as("the client's window stays at 15 bits")
        .isEqualTo("permessage-deflate");
    assertThat(WebSocketCompression.negotiate(offer("permessage-deflate; server_max_window_bits=10"), 1024))
        .as("a smaller server window would need another zlib").isNull();
    assertThat(WebSocketCompression.responseHeader(WebSocketCompression.negotiate(
        offer("permessage-deflate; server_no_context_takeover"), 1024))).contains("server_no_context_takeover");
  }

  /** The fan-out shares one buffer: each connection's encoder must read its own duplicate of it. */
  @Test
  void oneSharedFrameCompressedForTwoConnectionsAndLeftIntact() {
    byte[] text = ("{\"type\":\"context_update\",\"patch\":\"" + "the same line again\\n".repeat(200) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    ByteBuf shared = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(text);
    EmbeddedChannel a = encoder();
    EmbeddedChannel b = encoder();
    try {
      a.writeOutbound(new TextWebSocketFrame(shared.retainedDuplicate()));
      b.writeOutbound(new TextWebSocketFrame(shared.retainedDuplicate()));
      assertThat(shared.refCnt()).as("both duplicates released by the encoders").isEqualTo(1);
      assertThat(shared.readableBytes()).isEqualTo(text.length);
      WebSocketFrame fa = a.readOutbound();
      WebSocketFrame fb = b.readOutbound();
      assertThat(fa.rsv() & 4).as("RSV1: compressed").isEqualTo(4);
      assertThat(fa.content().readableBytes()).isLessThan(text.length / 10);
      assertThat(decode(fa)).isEqualTo(text);
      assertThat(decode(fb)).isEqualTo(text);
    } finally {
      shared.release();
      a.finishAndReleaseAll();
      b.finishAndReleaseAll();
    }
  }

  private static EmbeddedChannel encoder() {
    return new EmbeddedChannel(WebSocketCompression.negotiate(offer("permessage-deflate"), 1 << 20).newExtensionEncoder());
  }

  private static byte[] decode(WebSocketFrame compressed) {
    WebSocketClientExtension client = new PerMessageDeflateClientExtensionHandshaker()
        .handshakeExtension(new WebSocketExtensionData("permessage-deflate", Map.of()));
    EmbeddedChannel ch = new EmbeddedChannel(client.newExtensionDecoder());
    try {
      ch.writeInbound(compressed);
      WebSocketFrame plain = ch.readInbound();
      try {
        byte[] out = new byte[plain.content().readableBytes()];
        plain.content().readBytes(out);
        return out;
      } finally {
        plain.release();
      }
    } finally {
      ch.finishAndReleaseAll();
    }
  }
}
