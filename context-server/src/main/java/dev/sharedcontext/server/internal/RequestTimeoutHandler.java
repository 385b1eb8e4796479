package dev.sharedcontext.server.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection that does not deliver a complete request (headers and body) within
 * the request timeout of connecting or of its previous response: the defence against slow-loris
 * headers, trickled bodies and half-open connections, and the keep-alive idle limit. The clock
 * stops while a request is being processed.
 *
 * <p>Sits right after the HTTP codec, so it sees requests and response ends. All its state is
 * touched on the channel's event loop only.
 */
final class RequestTimeoutHandler extends ChannelDuplexHandler {
  private enum State { IDLE, RECEIVING, PROCESSING }

  private final long timeoutNanos;
  private volatile State state = State.IDLE;
  private boolean answeredEarly;
  private ScheduledFuture<?> timer;

  RequestTimeoutHandler(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  /** True if no part of a request has been decoded and none is being processed. */
  boolean idle() {
    return state == State.IDLE;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    arm(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      state = State.RECEIVING;
      answeredEarly = false;
      if (timer == null) {
        arm(ctx);
      }
    }
    if (msg instanceof LastHttpContent && state == State.RECEIVING) {
      if (answeredEarly) {
        state = State.IDLE; // refused (e.g. 413) while its body was still arriving: nothing more to answer
      } else {
        state = State.PROCESSING;
        disarm();
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof LastHttpContent) {
      ChannelPromise p = promise.unvoid();
      p.addListener(f -> responseWritten(ctx));
      ctx.write(msg, p);
      return;
    }
    ctx.write(msg, promise);
  }

  private void responseWritten(ChannelHandlerContext ctx) {
    if (state == State.PROCESSING) {
      state = State.IDLE;
      arm(ctx);
    } else if (state == State.RECEIVING) {
      answeredEarly = true;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    disarm();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    disarm();
  }

  private void arm(ChannelHandlerContext ctx) {
    disarm();
    timer = ctx.executor().schedule(() -> {
      timer = null;
      if (state != State.PROCESSING) {
        ctx.close();
      }
    }, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
