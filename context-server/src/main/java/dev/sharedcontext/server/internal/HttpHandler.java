package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.UnauthorizedException;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP entry: checks origin and credentials, routes, turns every failure into the
 * protocol's JSON error, writes the answer and keeps the connection alive when it may. A
 * WebSocket upgrade leaves this handler's pipeline for {@link WebSocketHandler}'s.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final AsciiString JSON = AsciiString.cached("application/json; charset=utf-8");
  private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

  private final ServerRuntime rt;
  private final EventExecutorGroup handlerGroup;
  private final ContextEndpoints endpoints;
  private final OpsEndpoints ops;

  HttpHandler(ServerRuntime rt, EventExecutorGroup handlerGroup) {
    this.rt = rt;
    this.handlerGroup = handlerGroup;
    this.endpoints = new ContextEndpoints(rt);
    this.ops = new OpsEndpoints(rt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    rt.metrics.requests.increment();
    if (req.decoderResult().isFailure()) {
      // The decoder discards everything after a malformed request: answer, then close.
      ContextException e = badRequest(req.decoderResult().cause());
      write(ctx, rt.compression.apply(HttpResult.json(Errors.status(e), Errors.body(e)), Codec.NONE), null, false);
      return;
    }
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    boolean keepAlive = HttpUtil.isKeepAlive(req) && !rt.draining();
    HttpResult result;
    Codec coding = Codec.NONE;
    try {
      coding = rt.compression.negotiate(req);
      if (!rt.cors.allowed(origin)) {
        throw UnauthorizedException.forbidden("origin " + Route.abbreviate(origin) + " is not allowed");
      }
      result = req.method().equals(HttpMethod.OPTIONS) ? preflight(origin) : dispatch(ctx, req);
      if (result == null) {
        return; // upgraded to a WebSocket
      }
    } catch (ContextException e) {
      result = HttpResult.json(Errors.status(e), Errors.body(e));
      if (e instanceof UnauthorizedException u && !u.isForbidden()) {
        result.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
      }
      if (e instanceof ServerException se && se.extra().get("allow") instanceof String allow) {
        result.header(HttpHeaderNames.ALLOW, allow);
      }
    } catch (RuntimeException e) {
      log.warn("{} {} failed", req.method(), Route.abbreviate(req.uri()), e);
      result = HttpResult.json(500, Errors.internal());
    }
    write(ctx, rt.compression.apply(result, coding), origin, keepAlive);
  }

  private HttpResult dispatch(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean upgrade = isWebSocketUpgrade(req.headers());
    Route route = Route.parse(req.uri(), upgrade);
    HttpMethod method = req.method();
    switch (route.kind()) {
      case HEALTH -> {
        requireMethod(method, HttpMethod.GET, "GET, OPTIONS");
        return ops.health();
      }
      case METRICS -> {
        requireMethod(method, HttpMethod.GET, "GET, OPTIONS");
        AccessToken token = rt.auth.authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        rt.auth.authorize(token, Access.ADMIN, null);
        return ops.metrics(req, route);
      }
      case METRICS_STREAM -> {
        requireMethod(method, HttpMethod.GET, "GET, OPTIONS");
        AccessToken token = rt.auth.authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        rt.auth.authorize(token, Access.ADMIN, null);
        rt.metricsStream.open(ctx, req.headers().get(HttpHeaderNames.ORIGIN));
        return null; // the connection now carries the event stream
      }
      case DASHBOARD -> {
        requireMethod(method, HttpMethod.GET, "GET, OPTIONS");
        return DashboardAssets.serve(route.path(), req.headers().get(HttpHeaderNames.IF_NONE_MATCH));
      }
      case UNKNOWN -> throw ServerException.notFound(route.path());
      case STREAM -> {
        requireMethod(method, HttpMethod.GET, "GET, OPTIONS");
        if (!upgrade) {
          throw new ServerException(426, "UPGRADE_REQUIRED", "this is a WebSocket endpoint; send an Upgrade: websocket request",
              Map.of());
        }
        AccessToken token = rt.auth.authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        rt.auth.authorize(token, Access.READ, route.projectId());
        WebSocketUpgrade.upgrade(ctx, req, route, token, rt, handlerGroup);
        return null;
      }
      default -> {
        AccessToken token = rt.auth.authenticate(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        return endpoints.handle(route, req, token);
      }
    }
  }

  static void requireMethod(HttpMethod actual, HttpMethod expected, String allow) {
    if (!actual.equals(expected)) {
      throw ServerException.methodNotAllowed(actual.name(), allow);
    }
  }

  private HttpResult preflight(String origin) {
    HttpResult r = HttpResult.empty(204).header(HttpHeaderNames.ALLOW, Cors.ALLOW_METHODS);
    rt.cors.addPreflightHeaders(r.headers(), origin);
    return r;
  }

  static boolean isWebSocketUpgrade(HttpHeaders headers) {
    return headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && headers.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static ContextException badRequest(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new ServerException(414, "URI_TOO_LONG", "the request line is too long", Map.of());
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ServerException(431, "HEADERS_TOO_LARGE", "the request headers are too large", Map.of());
    }
    if (cause instanceof TooLongFrameException) {
      return new ServerException(400, "INVALID_INPUT", "a request element is too long", Map.of());
    }
    return new InvalidInputException("malformed HTTP request");
  }

  private void write(ChannelHandlerContext ctx, HttpResult result, String origin, boolean keepAlive) {
    // The result's own header map becomes the response's (results are made per request, never
    // cached), and there are no trailers: two header maps fewer per answer.
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, result.status(),
        Unpooled.wrappedBuffer(result.body()), result.headers(), EmptyHttpHeaders.INSTANCE);
    HttpHeaders h = response.headers();
    if (result.contentType() != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, result.contentType());
    }
    HttpUtil.setContentLength(response, result.body().length);
    if (origin != null && rt.cors.allowed(origin) && !h.contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)) {
      rt.cors.addHeaders(h, origin);
    }
    if (!keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    int code = result.status().code();
    if (code >= 500) {
      rt.metrics.serverErrors.increment();
    } else if (code >= 400) {
      rt.metrics.clientErrors.increment();
    }
    rt.metrics.bytesSent.add(result.body().length);
    ChannelFuture f = ctx.writeAndFlush(response);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    } else if (!ctx.channel().isWritable()) {
      // The client sends faster than it reads our answers: stop reading until it catches up.
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ConnectionFailures.log(log, "HTTP connection", ctx, cause);
    ctx.close();
  }
}
