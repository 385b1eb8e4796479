package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's WebSocket after the upgrade: the client's messages ({@code ping},
 * {@code context_update}, {@code subscribe}), control frames, idle pings, and the hand-off of
 * writability changes to the {@link Subscriber}. Bad messages get an {@code error} message and
 * the connection stays open; only broken framing (oversize frame, invalid UTF-8, unmasked
 * frame) closes it, after the error message.
 */
final class WebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger log = LoggerFactory.getLogger(WebSocketHandler.class);

  private final ServerRuntime rt;
  private final Subscriber subscriber;
  private final String agentId;
  private final AccessToken token;
  private final ContextEndpoints commits;
  private boolean pingOutstanding;

  WebSocketHandler(ServerRuntime rt, Subscriber subscriber, String agentId, AccessToken token) {
    this.rt = rt;
    this.subscriber = subscriber;
    this.agentId = agentId == null ? "" : agentId;
    this.token = token;
    this.commits = new ContextEndpoints(rt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    pingOutstanding = false;
    if (frame instanceof TextWebSocketFrame text) {
      rt.metrics.wsMessagesIn.increment();
      onMessage(ByteBufUtil.getBytes(text.content()));
    } else if (frame instanceof BinaryWebSocketFrame) {
      rt.metrics.wsMessagesIn.increment();
      reply(Errors.wsMessage(new InvalidInputException("binary frames are not supported: send JSON text messages"), null));
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame close) {
      subscriber.closed();
      ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
          .addListener(f -> ctx.close());
    }
    // Pong frames only prove the peer alive, which pingOutstanding = false already noted.
    if (!ctx.channel().isWritable()) {
      // The client sends faster than it reads our replies: stop reading until it catches up.
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void onMessage(byte[] bytes) {
    JsonNode msg;
    try {
      msg = Bodies.json(bytes, rt.options.jsonLimits());
    } catch (ContextException e) {
      reply(Errors.wsMessage(e, null));
      return;
    }
    JsonNode requestId = msg.isObject() ? msg.get("requestId") : null;
    try {
      JsonNode type = msg.isObject() ? msg.get("type") : null;
      if (type == null || !type.isTextual()) {
        throw new InvalidInputException("a message must be a JSON object with a string 'type'");
      }
      switch (type.textValue()) {
        case "ping" -> reply(WsMessages.pong());
        case "context_update" -> commit(msg, requestId);
        case "subscribe" -> subscriber.start(Bodies.version(msg, "fromVersion", 0));
        default -> throw new InvalidInputException("unknown message type '" + Route.abbreviate(type.textValue())
            + "'; known: ping, context_update, subscribe");
      }
    } catch (ContextException e) {
      reply(Errors.wsMessage(e, requestId));
    } catch (RuntimeException e) {
      log.warn("WebSocket message on {} failed", subscriber.projectId(), e);
      reply(Errors.wsMessage(new ServerException(500, "INTERNAL_ERROR", "internal error"), requestId));
    }
  }

  /** {@code context_update} {@code {requestId, baseVersion?, patch}}: the same commit as {@code POST /diff}. */
  private void commit(JsonNode msg, JsonNode requestId) {
    rt.auth.authorize(token, Access.WRITE, subscriber.projectId());
    if (!msg.has("patch")) {
      throw new InvalidInputException("context_update needs a 'patch'");
    }
    Bodies.Commit c = new Bodies.Commit(Bodies.patch(msg.get("patch")), Bodies.version(msg, "baseVersion", 0), agentId);
    CommitResult r = commits.commit(subscriber.projectId(), c.request());
    reply(WsMessages.ack(requestId, r.version(), commits.tokensSaved(r)));
  }

  private void reply(byte[] message) {
    subscriber.send(message);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
      if (!ctx.channel().isWritable()) {
        return; // a stalled reader is bounded by the water marks, not dead; its catch-up waits
      }
      if (pingOutstanding) {
        log.debug("closing silent WebSocket {}", ctx.channel().remoteAddress());
        subscriber.closed();
        ctx.close();
      } else {
        pingOutstanding = true;
        ctx.writeAndFlush(new PingWebSocketFrame());
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    subscriber.writabilityChanged();
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    subscriber.closed();
    rt.feeds.remove(subscriber);
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    rt.feeds.remove(subscriber);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException c) {
      WebSocketCloseStatus status = c.closeStatus();
      ContextException e = status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
          ? LimitExceededException.tooLarge("maxFrameBytes", rt.options.maxFrameBytes(), "a WebSocket frame")
          : new InvalidInputException("broken WebSocket framing: " + c.getMessage());
      reply(Errors.wsMessage(e, null));
      subscriber.close(status, "protocol error");
    } else if (cause instanceof DecompressionException d) {
      // permessage-deflate input that inflates past maxFrameBytes (a bomb), or is not deflate at all.
      boolean tooBig = String.valueOf(d.getMessage()).contains("maximum size");
      reply(Errors.wsMessage(tooBig
          ? LimitExceededException.tooLarge("maxFrameBytes", rt.options.maxFrameBytes(), "a decompressed WebSocket message")
          : new InvalidInputException("corrupt permessage-deflate data"), null));
      subscriber.close(tooBig ? WebSocketCloseStatus.MESSAGE_TOO_BIG : WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
          "protocol error");
    } else if (cause instanceof TooLongFrameException) {
      // A fragmented message past the limit: the aggregator discards the rest; the connection lives.
      reply(Errors.wsMessage(LimitExceededException.tooLarge("maxFrameBytes", rt.options.maxFrameBytes(),
          "a WebSocket message"), null));
    } else {
      ConnectionFailures.log(log, "WebSocket", ctx, cause);
      subscriber.closed();
      ctx.close();
    }
  }
}
