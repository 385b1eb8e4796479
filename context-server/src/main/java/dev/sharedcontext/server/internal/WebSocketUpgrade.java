package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.WindowRequest;
import dev.sharedcontext.server.AccessToken;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
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

  /**
   * The window transformer of a stream asked for with {@code ?budget=N} (and {@code encoding}),
   * or null for a plain stream; bad parameters are a 400 before the handshake.
   */
  private static WindowStream windowed(Route route, String agentId, ServerRuntime rt) {
    Long budget = route.query().getLong("budget", WindowRequest.MIN_BUDGET);
    if (budget == null) {
      if (route.query().has("encoding")) {
        throw new InvalidInputException("'encoding' applies to windowed streams only: give a 'budget' too");
      }
      return null;
    }
    if (budget > Integer.MAX_VALUE) {
      throw new InvalidInputException("query parameter 'budget' must be at most " + Integer.MAX_VALUE);
    }
    TokenCounter counter = rt.counters.forName(route.query().get("encoding"));
    return new WindowStream(rt, route.projectId(), agentId, budget.intValue(), counter);
  }

  @SuppressWarnings("deprecation") // the handler group: see ServerInitializer
  static void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Route route, AccessToken token,
      ServerRuntime rt, EventExecutorGroup handlerGroup) {
    String agentId = route.query().agentId("agentId");
    Long fromVersion = route.query().getLong("fromVersion", 0);
    WindowStream window = windowed(route, agentId, rt);
    if (rt.draining()) {
      throw ServerException.shuttingDown();
    }
    WebSocketServerExtension deflate = rt.options.webSocketCompression()
        ? WebSocketCompression.negotiate(req.headers(), rt.options.maxFrameBytes())
        : null;
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(rt.options.maxFrameBytes())
        .expectMaskedFrames(true)
        .allowExtensions(deflate != null)
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
    Subscriber subscriber = new Subscriber(rt, ctx.channel(), executor, route.projectId(),
        window != null ? Subscriber.Output.WINDOW : deflate == null ? Subscriber.Output.SHARED_FRAME
            : Subscriber.Output.TEXT);
    rt.feeds.add(subscriber); // the subscriber limit: a 429 before any handshake
    try {
      ChannelPipeline p = ctx.pipeline();
      p.remove(RequestTimeoutHandler.class);
      long ping = rt.options.pingInterval().toNanos();
      String last = WebSocketCompression.install(p, ctx.name(), deflate, rt.metrics);
      p.addAfter(last, "ws-idle", new IdleStateHandler(ping, 0, 0, TimeUnit.NANOSECONDS));
      // The plain handshaker does not validate text frames' UTF-8 (the protocol handler would).
      p.addAfter("ws-idle", "ws-utf8", new Utf8FrameValidator(false));
      p.addAfter("ws-utf8", "ws-aggregator", new WebSocketFrameAggregator(rt.options.maxFrameBytes()));
      last = "ws-aggregator";
      if (window != null) {
        // Right before the handler and on its executor (ws-idle runs on the I/O thread): the
        // subscriber's writes reach it within the same call, so the whole document a
        // DecodedUpdateFrame holds never waits in a queue between executors.
        p.addAfter(handlerGroup, last, "ws-window", window);
        last = "ws-window";
      }
      p.addAfter(handlerGroup, last, "ws", new WebSocketHandler(rt, subscriber, agentId, token));
      long from = fromVersion == null ? -1 : fromVersion;
      HttpHeaders responseHeaders = new DefaultHttpHeaders();
      if (deflate != null) {
        responseHeaders.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, WebSocketCompression.responseHeader(deflate));
      }
      handshaker.handshake(ctx.channel(), req, responseHeaders, ctx.channel().newPromise()).addListener(f -> {
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
