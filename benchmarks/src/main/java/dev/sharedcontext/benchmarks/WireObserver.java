package dev.sharedcontext.benchmarks;

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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber that offers permessage-deflate (as the agents' clients do) and records every message
 * as it came: its JSON, its bytes once decompressed (what a client without compression receives)
 * and its payload bytes on the wire (compressed). The fan-out encodes each version once for all
 * subscribers, so these are the bytes every agent got.
 */
final class WireObserver implements AutoCloseable {

  /** One message: its payload bytes on the wire, its bytes decompressed, and its JSON. */
  record Message(long wireBytes, byte[] text, JsonNode json) {}

  private final List<Message> messages = new ArrayList<>();
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final EventLoopGroup group;
  private long pendingWire;
  private Channel channel;

  private WireObserver() {
    group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("wire-observer", true), NioIoHandler.newFactory());
  }

  /** Connects to {@code uri} (ws://...) offering permessage-deflate. */
  static WireObserver connect(URI uri) {
    WireObserver o = new WireObserver();
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
        .allowExtensions(true).maxFramePayloadLength(64 * 1024 * 1024).handshakeTimeoutMillis(10_000).build();
    Bootstrap b = new Bootstrap().group(o.group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), o.new WireCounter(),
                new WebSocketClientCompressionHandler(0), new WebSocketClientProtocolHandler(config),
                new WebSocketFrameAggregator(64 * 1024 * 1024), o.new Recorder());
          }
        });
    o.channel = b.connect(uri.getHost(), uri.getPort()).syncUninterruptibly().channel();
    o.handshake.orTimeout(10, TimeUnit.SECONDS).join();
    return o;
  }

  synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  /** Waits until a message of {@code version} arrived. */
  synchronized void await(long version, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (messages.isEmpty() || messages.get(messages.size() - 1).json().path("version").asLong() < version) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new BenchmarkException("the wire observer did not receive version " + version);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchmarkException("interrupted");
      }
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Before the extension's decoder: sees the frames as they were sent. */
  private final class WireCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof TextWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
        synchronized (WireObserver.this) {
          pendingWire += ((WebSocketFrame) msg).content().readableBytes();
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  private final class Recorder extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.complete(null);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
      if (frame instanceof TextWebSocketFrame text) {
        byte[] bytes = text.text().getBytes(StandardCharsets.UTF_8);
        JsonNode json = BenchmarkResult.JSON.readTree(bytes);
        synchronized (WireObserver.this) {
          messages.add(new Message(pendingWire, bytes, json));
          pendingWire = 0;
          WireObserver.this.notifyAll();
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
