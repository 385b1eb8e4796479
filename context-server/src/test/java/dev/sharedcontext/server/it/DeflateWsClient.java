package dev.sharedcontext.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Netty WebSocket client that offers permessage-deflate (the JDK's client cannot), queues the
 * JSON messages it receives, and counts the payload bytes of data frames as they arrived on the
 * wire (compressed when compressed) and how many came compressed (RSV1 set).
 */
public final class DeflateWsClient implements AutoCloseable {
  private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
      new DefaultThreadFactory("deflate-ws-client", true), NioIoHandler.newFactory());

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final AtomicLong wireBytes = new AtomicLong();
  private final AtomicLong compressedFrames = new AtomicLong();
  private final AtomicLong dataFrames = new AtomicLong();
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private Channel channel;

  /** Connects to {@code uri} (ws://...), offering permessage-deflate when {@code offerDeflate}. */
  public static DeflateWsClient connect(URI uri, boolean offerDeflate) {
    DeflateWsClient c = new DeflateWsClient();
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
        .allowExtensions(offerDeflate).maxFramePayloadLength(64 * 1024 * 1024).handshakeTimeoutMillis(10_000).build();
    Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), c.new WireCounter());
        if (offerDeflate) {
          ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
        }
        ch.pipeline().addLast(new WebSocketClientProtocolHandler(config),
            new WebSocketFrameAggregator(64 * 1024 * 1024), c.new Collector());
      }
    });
    c.channel = b.connect(uri.getHost(), uri.getPort()).syncUninterruptibly().channel();
    c.handshake.orTimeout(10, TimeUnit.SECONDS).join();
    return c;
  }

  /** The next message, or a failure after {@code seconds}. */
  public JsonNode next(long seconds) {
    try {
      JsonNode m = messages.poll(seconds, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + seconds + " s");
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonNode next() {
    return next(10);
  }

  public void send(String json) {
    channel.writeAndFlush(new TextWebSocketFrame(json)).syncUninterruptibly();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** True if an {@code error} message arrived (it stays queued). */
  public boolean hasError() {
    return messages.stream().anyMatch(m -> m.path("type").asText().equals("error"));
  }

  /** Payload bytes of data frames as received, before any decompression. */
  public long wireBytes() {
    return wireBytes.get();
  }

  /** Data frames that arrived compressed (RSV1). */
  public long compressedFrames() {
    return compressedFrames.get();
  }

  public long dataFrames() {
    return dataFrames.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  /** Sits between the frame decoder and the extension's decoder: sees frames as they were sent. */
  private final class WireCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof TextWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
        WebSocketFrame f = (WebSocketFrame) msg;
        dataFrames.incrementAndGet();
        wireBytes.addAndGet(f.content().readableBytes());
        if ((f.rsv() & 0x4) != 0) {
          compressedFrames.incrementAndGet(); // RSV1: permessage-deflate
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  private final class Collector extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.complete(null);
      } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        handshake.completeExceptionally(new IllegalStateException("handshake timed out"));
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        try {
          messages.add(Http.JSON.readTree(text.text()));
        } catch (IOException e) {
          throw new UncheckedIOException("server sent non-JSON", e);
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.completeExceptionally(cause);
      ctx.close();
    }
  }
}
