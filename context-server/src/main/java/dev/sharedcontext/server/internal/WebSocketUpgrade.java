package dev.sharedcontext.server.internal;

import dev.sharedcontext.server.AccessToken;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.TimeUnit;

/**
 * Turns an HTTP connection into a subscriber's WebSocket, after {@link HttpHandler} checked
 * origin and credentials. Everything that can be refused (bad parameters, the subscriber limit,
 * shutdown) is refused here as an HTTP error, before the handshake answers 101.
 */
final class WebSocketUpgrade {
  private WebSocketUpgrade() {}

  @SuppressWarnings("deprecation") // the handler group: see ServerInitializer
  static void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Route route, AccessToken token,
      ServerRuntime rt, EventExecutorGroup handlerGroup) {
    String agentId = route.query().agentId("agentId");
    Long fromVersion = route.query().getLong("fromVersion", 0);
    if (rt.draining()) {
      throw ServerException.shuttingDown();
    }
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(rt.options.maxFrameBytes())
        .expectMaskedFrames(true)
        .allowExtensions(false)
        .closeOnProtocolViolation(false) // WebSocketHandler sends an error message first, then closes
        .build();
    String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory("ws://" + host + req.uri(), null, config).newHandshaker(req);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    // The WebSocket handler is added with the same executor group as this handler, so Netty gives
    // it this handler's executor: the subscriber's state can live there from the start.
    EventExecutor executor = ctx.executor();
    Subscriber subscriber = new Subscriber(rt, ctx.channel(), executor, route.projectId());
    rt.feeds.add(subscriber); // the subscriber limit: a 429 before any handshake
    try {
      ChannelPipeline p = ctx.pipeline();
      p.remove(RequestTimeoutHandler.class);
      long ping = rt.options.pingInterval().toNanos();
      p.addAfter(ctx.name(), "ws-idle", new IdleStateHandler(ping, 0, 0, TimeUnit.NANOSECONDS));
      // The plain handshaker does not validate text frames' UTF-8 (the protocol handler would).
      p.addAfter("ws-idle", "ws-utf8", new Utf8FrameValidator(false));
      p.addAfter("ws-utf8", "ws-aggregator", new WebSocketFrameAggregator(rt.options.maxFrameBytes()));
      p.addAfter(handlerGroup, "ws-aggregator", "ws", new WebSocketHandler(rt, subscriber, agentId, token));
      long from = fromVersion == null ? -1 : fromVersion;
      handshaker.handshake(ctx.channel(), req).addListener(f -> {
        if (f.isSuccess()) {
          executor.execute(() -> subscriber.start(from));
        } else {
          ctx.channel().close();
        }
      });
      p.remove(ctx.handler());
    } catch (RuntimeException e) {
      rt.feeds.remove(subscriber);
      throw e;
    }
  }
}
