package dev.sharedcontext.server.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The pipeline of a new connection: HTTP codec (line and header limits), request timeout, body
 * aggregation (body limit, 413 while reading), then {@link HttpHandler}. A WebSocket upgrade
 * later swaps the HTTP stages for the WebSocket ones.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final ServerRuntime rt;
  private final EventExecutorGroup handlerGroup;

  ServerInitializer(ServerRuntime rt, EventExecutorGroup handlerGroup) {
    this.rt = rt;
    this.handlerGroup = handlerGroup;
  }

  // Netty 4.2 deprecates handlers on an executor group, yet it is the simplest correct way to
  // keep a store that blocks (Redis) off the I/O threads with per-connection order; it is only
  // used when handlerThreads > 0.
  @SuppressWarnings("deprecation")
  @Override
  protected void initChannel(SocketChannel ch) {
    if (!rt.connections.admit(ch)) {
      ch.close(); // past maxConnections: refusing costs less than serving badly
      return;
    }
    HttpDecoderConfig decoder = new HttpDecoderConfig()
        .setMaxInitialLineLength(rt.options.maxInitialLineBytes())
        .setMaxHeaderSize(rt.options.maxHeaderBytes())
        .setMaxChunkSize(64 * 1024);
    ChannelPipeline p = ch.pipeline();
    p.addLast("http-codec", new HttpServerCodec(decoder));
    p.addLast("request-timeout", new RequestTimeoutHandler(rt.options.requestTimeout().toNanos()));
    p.addLast("http-aggregator", new BodyAggregator(rt));
    p.addLast(handlerGroup, "http", new HttpHandler(rt, handlerGroup));
  }
}
