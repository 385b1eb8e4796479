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
 * <p>One timer per connection, not one per request: arming only moves a deadline, and the timer,
 * when it fires early, schedules itself again for the time left (a keep-alive connection
 * answering thousands of requests a second would otherwise add and cancel a task in the event
 * loop's queue for each). Sits right after the HTTP codec, so it sees requests and response
 * ends. All its state is touched on the channel's event loop only.
 */
final class RequestTimeoutHandler extends ChannelDuplexHandler {
  private enum State { IDLE, RECEIVING, PROCESSING }

  private final long timeoutNanos;
  private volatile State state = State.IDLE;
  private boolean answeredEarly;
  /** When the connection is closed unless a request completes first; 0 while disarmed. */
  private long deadlineNanos;
  private ScheduledFuture<?> timer;
  private boolean removed;

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
      if (deadlineNanos == 0) {
        arm(ctx);
      }
    }
    if (msg instanceof LastHttpContent && state == State.RECEIVING) {
      if (answeredEarly) {
        state = State.IDLE; // refused (e.g. 413) while its body was still arriving: nothing more to answer
      } else {
        state = State.PROCESSING;
        deadlineNanos = 0;
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
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  private void arm(ChannelHandlerContext ctx) {
    if (removed) {
      return;
    }
    deadlineNanos = Math.max(1, ctx.executor().ticker().nanoTime() + timeoutNanos);
    if (timer == null) {
      schedule(ctx, timeoutNanos);
    }
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> expired(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void expired(ChannelHandlerContext ctx) {
    timer = null;
    if (removed || deadlineNanos == 0) {
      return; // disarmed: the next arm schedules anew
    }
    long left = deadlineNanos - ctx.executor().ticker().nanoTime();
    if (left > 0) {
      schedule(ctx, left); // re-armed since this was scheduled
    } else if (state != State.PROCESSING) {
      ctx.close();
    }
  }

  /** For good: the connection is gone or the handler removed (a WebSocket upgrade). */
  private void stop() {
    removed = true;
    deadlineNanos = 0;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
