package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.LimitExceededException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Aggregates request bodies up to {@code maxBodyBytes}, refusing larger ones while reading: by
 * {@code Content-Length} before any of the body is read, otherwise as soon as the bytes so far
 * pass the limit. The refusal is the protocol's 413 JSON error; the rest of the body is then
 * discarded as it arrives (keep-alive) or the connection closed, as Netty's aggregator does.
 */
final class BodyAggregator extends HttpObjectAggregator {
  private final ServerRuntime rt;
  /** A request without a body, held until the decoder's empty last content that follows it. */
  private HttpRequest bodyless;

  BodyAggregator(ServerRuntime rt) {
    super(rt.options.maxBodyBytes());
    this.rt = rt;
  }

  /**
   * Most requests (GET, DELETE, HEAD) have no body, and the decoder follows each with the shared
   * empty last content: those become a full request at once, without the composite buffer and
   * wrapper the aggregation would allocate for nothing. Anything else goes the aggregator's way.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    HttpRequest head = bodyless;
    if (head != null) {
      bodyless = null;
      if (msg == LastHttpContent.EMPTY_LAST_CONTENT) {
        ctx.fireChannelRead(new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
            Unpooled.EMPTY_BUFFER, head.headers(), EmptyHttpHeaders.INSTANCE));
        return;
      }
      super.channelRead(ctx, head);
    }
    if (msg instanceof HttpRequest req && !(msg instanceof FullHttpMessage) && hasNoBody(req)) {
      bodyless = req;
      return;
    }
    super.channelRead(ctx, msg);
  }

  private static boolean hasNoBody(HttpRequest req) {
    HttpHeaders h = req.headers();
    if (!req.decoderResult().isSuccess() || h.contains(HttpHeaderNames.TRANSFER_ENCODING)
        || h.contains(HttpHeaderNames.EXPECT)) {
      return false;
    }
    String length = h.get(HttpHeaderNames.CONTENT_LENGTH);
    return length == null || length.equals("0");
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close();
      return;
    }
    rt.metrics.requests.increment();
    rt.metrics.clientErrors.increment();
    byte[] body = Errors.body(LimitExceededException.tooLarge("maxBodyBytes", rt.options.maxBodyBytes(),
        "the request body"));
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHandler.JSON);
    HttpUtil.setContentLength(response, body.length);
    boolean close = oversized instanceof FullHttpMessage
        || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized))
        || rt.draining();
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture f = ctx.writeAndFlush(response);
    f.addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
  }
}
