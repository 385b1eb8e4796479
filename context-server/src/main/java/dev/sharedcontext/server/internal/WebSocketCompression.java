package dev.sharedcontext.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Map;

/**
 * permessage-deflate (RFC 7692) on a subscriber's WebSocket, negotiated by hand during the
 * upgrade, since the request was read before the WebSocket pipeline exists. Each connection gets
 * its own encoder; the fan-out's shared frame reaches it as a retained duplicate, which the
 * encoder reads through its own indices and releases, so one shared encoding serves compressing
 * and plain subscribers alike.
 *
 * <p>Memory: with context takeover (what clients ask for by default) each compressing connection
 * keeps a zlib deflater and inflater, about 300 KB of native memory. Turn it off with
 * {@link dev.sharedcontext.server.ServerOptionsBuilder#webSocketCompression(boolean)} for very
 * many subscribers.
 */
final class WebSocketCompression {
  /** zlib's default level: most of the ratio of level 9 at a fraction of the CPU. */
  static final int LEVEL = 6;

  private WebSocketCompression() {}

  /**
   * The permessage-deflate offer of {@code requestHeaders} that the server accepts, or null. The
   * server's own window stays at the default 15 bits (JDK zlib); an offer that demands a smaller
   * server window is declined rather than served by another zlib.
   *
   * @param maxMessageBytes the most bytes one compressed message may inflate to
   */
  static WebSocketServerExtension negotiate(HttpHeaders requestHeaders, int maxMessageBytes) {
    String offer = requestHeaders.get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
    if (offer == null || offer.isBlank()) {
      return null;
    }
    PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(LEVEL,
        false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false,
        WebSocketExtensionFilterProvider.DEFAULT, maxMessageBytes);
    for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offer)) {
      WebSocketServerExtension extension = handshaker.handshakeExtension(data);
      if (extension != null) {
        return extension;
      }
    }
    return null;
  }

  /** The {@code Sec-WebSocket-Extensions} answer for {@code extension}. */
  static String responseHeader(WebSocketServerExtension extension) {
    WebSocketExtensionData data = extension.newReponseData();
    StringBuilder out = new StringBuilder(data.name());
    for (Map.Entry<String, String> p : data.parameters().entrySet()) {
      out.append("; ").append(p.getKey());
      if (p.getValue() != null) {
        out.append('=').append(p.getValue());
      }
    }
    return out.toString();
  }

  /**
   * Adds, after {@code after}: the wire counter, then (when {@code extension} is not null) the
   * extension's encoder and decoder. Returns the name of the last handler added.
   */
  static String install(ChannelPipeline p, String after, WebSocketServerExtension extension, ServerMetrics metrics) {
    p.addAfter(after, "ws-wire", new WireBytes(metrics));
    if (extension == null) {
      return "ws-wire";
    }
    p.addAfter("ws-wire", "ws-deflate-out", extension.newExtensionEncoder());
    p.addAfter("ws-deflate-out", "ws-deflate-in", extension.newExtensionDecoder());
    return "ws-deflate-in";
  }

  /**
   * Counts the payload bytes of data frames as they go to the socket, after any compression:
   * {@code bytesSent} and the "after" side of {@code compressionRatio}. Unwraps an
   * {@link EncodedTextFrame} into its bytes, which pass the frame encoder as they are.
   */
  static final class WireBytes extends ChannelOutboundHandlerAdapter {
    private final ServerMetrics metrics;

    WireBytes(ServerMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public boolean isSharable() {
      return false;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof EncodedTextFrame encoded) {
        int n = encoded.payloadBytes();
        metrics.bytesAfterCompression.add(n);
        metrics.bytesSent.add(n);
        ctx.write(encoded.content(), promise); // the frame encoder passes bytes on as they are
        return;
      }
      if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
          || msg instanceof ContinuationWebSocketFrame) {
        int n = ((WebSocketFrame) msg).content().readableBytes();
        metrics.bytesAfterCompression.add(n);
        metrics.bytesSent.add(n);
      }
      ctx.write(msg, promise);
    }
  }
}
