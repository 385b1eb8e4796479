package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.DeleteReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket subscriber's feed. State is confined to the connection's executor; the store
 * listener only queues frames there.
 *
 * <p>The rule that makes the feed gap-free and duplicate-free: the subscriber remembers the
 * version the client holds ({@code lastVersion}). A frame at or below it is already covered and
 * skipped; a frame based exactly on it is sent; anything else, and every time the subscriber
 * falls behind, is answered with one catch-up from {@code store.since(lastVersion)}. A client
 * resuming from a version still among the project's {@link RecentFrames} is replayed the exact
 * per-version frames instead.
 *
 * <p>Backpressure: a frame is written only while the channel is writable (its outbound buffer
 * below the high water mark). Otherwise the subscriber is <em>stalled</em>: frames are dropped
 * and, once the buffer drains below the low mark, replaced by one catch-up. So the bytes held for
 * a subscriber never exceed the high water mark plus one message.
 */
final class Subscriber {
  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

  private final ServerRuntime rt;
  private final Channel channel;
  private final EventExecutor executor;
  private final String projectId;

  private long lastVersion = -1; // -1: not started yet
  private boolean stalled;
  private boolean closed;

  /**
   * @param executor where this subscriber's state lives: the executor of the connection's
   *     WebSocket handler (its event loop, or its handler thread)
   */
  Subscriber(ServerRuntime rt, Channel channel, EventExecutor executor, String projectId) {
    this.rt = rt;
    this.channel = channel;
    this.executor = executor;
    this.projectId = projectId;
  }

  EventExecutor executor() {
    return executor;
  }

  String projectId() {
    return projectId;
  }

  /** Queues a committed version's frame; callable from any thread. */
  void offer(UpdateFrame frame) {
    ByteBuf content = frame.retainedContent();
    try {
      executor.execute(() -> onFrame(frame, content));
    } catch (RejectedExecutionException e) {
      content.release(); // shutting down
    }
  }

  /** The project is gone: tell the client and close. Callable from any thread. */
  void deleted(DeleteReason reason) {
    try {
      executor.execute(() -> {
        if (!closed) {
          send(WsMessages.deleted(projectId, reason));
          close(WebSocketCloseStatus.NORMAL_CLOSURE, "context deleted");
        }
      });
    } catch (RejectedExecutionException e) {
      // shutting down: the channel is being closed anyway
    }
  }

  /** The server is closing: a close frame with 1001 (going away). Callable from any thread. */
  void shutdown() {
    try {
      executor.execute(() -> close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server shutting down"));
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }

  /** Starts (or, for a {@code subscribe} message, restarts) the feed from {@code fromVersion}; -1: none. */
  void start(long fromVersion) {
    stalled = false;
    if (fromVersion > 0 && replay(fromVersion)) {
      return;
    }
    catchUp(Math.max(fromVersion, 0));
  }

  /**
   * Resumes with the exact per-version frames when the project's recent frames reach back to
   * {@code fromVersion}; false when they do not (then a composed catch-up does it). Stops, as
   * stalled, when the channel fills up.
   */
  private boolean replay(long fromVersion) {
    List<UpdateFrame> frames = rt.feeds.recentAfter(projectId, fromVersion);
    if (frames == null) {
      return false;
    }
    lastVersion = fromVersion;
    for (UpdateFrame f : frames) {
      deliver(f, f.content());
    }
    return true;
  }

  /** The channel's writability changed: a stalled subscriber that drained gets its catch-up. */
  void writabilityChanged() {
    if (stalled && !closed && channel.isWritable()) {
      stalled = false;
      rt.metrics.catchUps.increment();
      catchUp(lastVersion);
    }
  }

  void closed() {
    closed = true;
  }

  /** A reply to the client (ack, error, pong): never dropped. */
  void send(byte[] message) {
    write(Unpooled.wrappedBuffer(message));
  }

  private void onFrame(UpdateFrame frame, ByteBuf content) {
    if (closed || lastVersion < 0 || frame.version() <= lastVersion) {
      content.release(); // not started (the start's catch-up covers it) or already covered
      return;
    }
    if (stalled || !channel.isWritable()) {
      stalled = true;
      content.release();
      rt.metrics.updatesDropped.increment();
      return;
    }
    if (frame.baseVersion() != lastVersion) {
      content.release(); // a gap (e.g. a frame that failed to encode): never silent
      catchUp(lastVersion);
      return;
    }
    send(frame, content);
  }

  /** A frame of a replay: sent while writable, else dropped and the subscriber stalled. */
  private void deliver(UpdateFrame frame, ByteBuf content) {
    if (closed || frame.version() <= lastVersion) {
      content.release();
      return;
    }
    if (stalled || !channel.isWritable()) {
      stalled = true; // the rest comes as one catch-up once the channel drains
      content.release();
      rt.metrics.updatesDropped.increment();
      return;
    }
    send(frame, content);
  }

  private void send(UpdateFrame frame, ByteBuf content) {
    write(content);
    lastVersion = frame.version();
    rt.metrics.updatesSent.increment();
    rt.metrics.tokensSaved.add(frame.tokensSaved());
    rt.metrics.tokensServed.add(frame.patchTokens());
  }

  private void catchUp(long from) {
    CatchUp c;
    try {
      c = rt.store.since(projectId, from);
    } catch (NotFoundException e) {
      lastVersion = 0; // no such project (yet): its first version will be based on 0
      return;
    } catch (ContextException e) {
      log.debug("catch-up of {} from {} failed: {}", projectId, from, e.toString());
      close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "catch-up failed");
      return;
    } catch (RuntimeException e) {
      // Never leave a client silently behind: it reconnects and resumes from what it holds.
      log.warn("catch-up of {} from {} failed", projectId, from, e);
      close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "catch-up failed");
      return;
    }
    ContextVersion head = c.head();
    if (c instanceof CatchUp.Snapshot s) {
      send(rt.snapshots.webSocket(new ContextSnapshot(head, s.document())));
      rt.metrics.snapshotsSent.increment();
      rt.metrics.tokensServed.add(head.tokens());
    } else if (c instanceof CatchUp.Delta d && head.version() != from) {
      boolean single = head.version() == from + 1;
      TokenLedger.Entry t = single ? rt.tokens.of(head, d.patch()) : rt.tokens.catchUp(head, d.patch());
      write(WsMessages.update(channel.alloc(), head, from, d.patch(), t.tokensSaved(), !single));
      rt.metrics.updatesSent.increment();
      rt.metrics.tokensSaved.add(t.tokensSaved());
      rt.metrics.tokensServed.add(t.patchTokens());
    }
    lastVersion = head.version();
  }

  private void write(ByteBuf content) {
    if (closed) {
      content.release();
      return;
    }
    rt.metrics.bytesSent.add(content.readableBytes());
    channel.writeAndFlush(new TextWebSocketFrame(content), channel.voidPromise());
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    if (out != null) {
      rt.metrics.observeBacklog(out.totalPendingWriteBytes());
    }
  }

  /** Sends a close frame and closes the channel once it is written. */
  void close(WebSocketCloseStatus status, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }
}
