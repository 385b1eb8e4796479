package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.DeleteReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
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
 * skipped; a frame based exactly on it is sent.
 *
 * <p>Resume: a client starting from version N is <em>replayed</em> N+1…head one version at a
 * time: from the project's {@link RecentFrames} (the bytes every subscriber got) when they reach
 * back to N, else from the store's history ({@code store.changes}) in pages of a
 * {@link HistoryPager}, one page per task on the executor, so a long history neither holds the
 * executor nor memory. Live frames arriving meanwhile are skipped: every one of them was
 * committed before the page that follows it is read, so the replay itself delivers it; the page
 * that reaches the head hands over to the live frames. A frame that does not continue
 * {@code lastVersion} (a gap) starts a replay as well. Only when the history no longer reaches N
 * (or N is ahead of the head) does the client get a snapshot.
 *
 * <p>Backpressure: a frame is written only while the channel is writable (its outbound buffer
 * below the high water mark). A live subscriber that is not is <em>stalled</em>: frames are
 * dropped and, once the buffer drains below the low mark, replaced by one catch-up from
 * {@code store.since(lastVersion)} (a composed delta, marked {@code catchUp}, or a snapshot). A
 * replay that meets a full buffer pauses and goes on from {@code lastVersion} once it drains. So
 * the bytes held for a subscriber never exceed the high water mark plus one message.
 *
 * @see dev.sharedcontext.core.store.ContextStore#changes
 */
final class Subscriber {
  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

  private final ServerRuntime rt;
  private final Channel channel;
  private final EventExecutor executor;
  private final String projectId;
  private final Output output;

  private final HistoryPager pager;

  private long lastVersion = -1; // -1: not started yet
  private boolean stalled;
  private boolean replaying; // a replay is under way, or paused until the channel drains
  private boolean pagePending; // the replay's next page is queued on the executor
  private int generation; // bumped by every start: a page queued for an earlier start is ignored
  private boolean closed;

  /**
   * How a subscriber writes a live update, decided by what its channel does with the frame on
   * its way out.
   */
  enum Output {
    /** A text frame of the shared message (the channel compresses it, or a test reads it). */
    TEXT,
    /** The whole frame every such subscriber shares ({@link EncodedTextFrame}): no compression, no window. */
    SHARED_FRAME,
    /**
     * A {@link DecodedUpdateFrame}, where the change is at hand: the channel has a
     * {@link WindowStream} on this subscriber's executor, which takes the store's document.
     */
    WINDOW
  }

  /** A subscriber that writes text frames; see below. */
  Subscriber(ServerRuntime rt, Channel channel, EventExecutor executor, String projectId) {
    this(rt, channel, executor, projectId, Output.TEXT);
  }

  /**
   * @param executor where this subscriber's state lives: the executor of the connection's
   *     WebSocket handler (its event loop, or its handler thread)
   */
  Subscriber(ServerRuntime rt, Channel channel, EventExecutor executor, String projectId, Output output) {
    this.rt = rt;
    this.channel = channel;
    this.executor = executor;
    this.projectId = projectId;
    this.output = output;
    this.pager = new HistoryPager(rt.store, projectId);
  }

  EventExecutor executor() {
    return executor;
  }

  String projectId() {
    return projectId;
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
    generation++;
    stalled = false;
    replaying = false;
    pagePending = false;
    if (fromVersion <= 0) {
      catchUp(0); // a snapshot (or nothing yet, for a project that does not exist)
      return;
    }
    lastVersion = fromVersion;
    if (!replayRecent(fromVersion)) {
      replaying = true;
      nextPage(generation);
    }
  }

  /**
   * Replays the project's recent frames after {@code fromVersion} when they reach back to it;
   * false when they do not. A channel that fills up meanwhile pauses the replay, which goes on
   * from the history once it drains.
   */
  private boolean replayRecent(long fromVersion) {
    List<UpdateFrame> frames = rt.feeds.recentAfter(projectId, fromVersion);
    if (frames == null) {
      return false;
    }
    for (UpdateFrame f : frames) {
      if (closed || replaying || f.version() <= lastVersion) {
        f.release();
      } else if (!channel.isWritable()) {
        replaying = true; // writabilityChanged() goes on from lastVersion
        f.release();
      } else {
        send(f, f.content());
      }
    }
    return true;
  }

  /**
   * Sends the next page of the history after {@code lastVersion}, then queues the one after it;
   * ends the replay at the head. Falls back to a catch-up (a snapshot) when the history no longer
   * reaches {@code lastVersion}, or the project or version does not exist.
   */
  private void nextPage(int startedBy) {
    if (startedBy != generation) {
      return; // a later start took over
    }
    pagePending = false;
    if (closed || !replaying || !channel.isWritable()) {
      return; // paused: writabilityChanged() goes on
    }
    HistoryPager.Page page;
    try {
      page = pager.next(lastVersion);
    } catch (CompactedException | NotFoundException e) {
      replaying = false;
      catchUp(lastVersion);
      return;
    } catch (ContextException e) {
      log.debug("replay of {} from {} failed: {}", projectId, lastVersion, e.toString());
      close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "replay failed");
      return;
    } catch (RuntimeException e) {
      log.warn("replay of {} from {} failed", projectId, lastVersion, e);
      close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "replay failed");
      return;
    }
    for (ContextChange c : page.changes()) {
      if (closed || c.version().version() <= lastVersion) {
        continue;
      }
      if (c.previousVersion() != lastVersion) {
        replaying = false; // the store skipped versions: never pass that on silently
        catchUp(lastVersion);
        return;
      }
      if (!channel.isWritable()) {
        return; // paused; the rest of this page is read again once the channel drains
      }
      sendChange(c);
    }
    if (page.last()) {
      replaying = false; // at the head: the live frames take over
    } else {
      schedulePage();
    }
  }

  /** Queues the replay's next page, so that other connections on this executor get their turn. */
  private void schedulePage() {
    if (pagePending) {
      return;
    }
    pagePending = true;
    int startedBy = generation;
    try {
      executor.execute(() -> nextPage(startedBy));
    } catch (RejectedExecutionException e) {
      pagePending = false; // shutting down
    }
  }

  /** Encodes and sends one version of a replay from the history. */
  private void sendChange(ContextChange c) {
    TokenLedger.Entry t = rt.tokens.of(c.version(), c.patch());
    ByteBuf content = WsMessages.update(channel.alloc(), c.version(), c.previousVersion(), c.patch(),
        t.tokensSaved(), false);
    send(new UpdateFrame(projectId, c.version().version(), c.previousVersion(), t.tokensSaved(), t.patchTokens(),
        content, c, null), content);
  }

  /** The channel's writability changed: a stalled subscriber that drained gets its catch-up. */
  void writabilityChanged() {
    if (closed || !channel.isWritable()) {
      return;
    }
    if (replaying) {
      schedulePage();
    } else if (stalled) {
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

  /** A live update, offered by {@link Feeds} on this subscriber's executor. */
  void onFrame(UpdateFrame frame) {
    if (closed || lastVersion < 0 || frame.version() <= lastVersion || replaying) {
      return; // not started (the start covers it), already covered, or the replay's to send
    }
    if (stalled || !channel.isWritable()) {
      stalled = true;
      rt.metrics.updatesDropped.increment();
      return;
    }
    if (frame.baseVersion() != lastVersion) {
      replaying = true; // a gap (e.g. a frame that failed to encode): never silent
      nextPage(generation);
      return;
    }
    EncodedTextFrame encoded = output == Output.SHARED_FRAME ? frame.retainedWire() : null;
    if (encoded != null) {
      count(frame);
      write(encoded);
    } else {
      send(frame, frame.retainedContent());
    }
  }

  // Every message is counted before it is written: a client that reads /metrics as soon as it
  // has the message must find it counted (a windowed subscriber's WindowStream, on the write
  // path, also corrects these figures, and may only do so after them).
  private void send(UpdateFrame frame, ByteBuf content) {
    count(frame);
    write(output == Output.WINDOW && frame.change() != null
        ? new DecodedUpdateFrame(content, frame)
        : new TextWebSocketFrame(content));
  }

  private void count(UpdateFrame frame) {
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
      rt.metrics.snapshotsSent.increment();
      rt.metrics.tokensServed.add(head.tokens());
      send(rt.snapshots.webSocket(new ContextSnapshot(head, s.document())));
    } else if (c instanceof CatchUp.Delta d && head.version() != from) {
      boolean single = head.version() == from + 1;
      TokenLedger.Entry t = single ? rt.tokens.of(head, d.patch()) : rt.tokens.catchUp(head, d.patch());
      rt.metrics.updatesSent.increment();
      rt.metrics.tokensSaved.add(t.tokensSaved());
      rt.metrics.tokensServed.add(t.patchTokens());
      write(WsMessages.update(channel.alloc(), head, from, d.patch(), t.tokensSaved(), !single));
    }
    lastVersion = head.version();
  }

  private void write(ByteBuf content) {
    write(new TextWebSocketFrame(content));
  }

  private void write(TextWebSocketFrame frame) {
    write(frame, frame.content().readableBytes());
  }

  private void write(EncodedTextFrame frame) {
    write(frame, frame.payloadBytes());
  }

  private void write(ByteBufHolder frame, int payloadBytes) {
    if (closed) {
      frame.release();
      return;
    }
    // What goes on the wire (maybe compressed) is counted by WebSocketCompression.WireBytes.
    rt.metrics.bytesBeforeCompression.add(payloadBytes);
    channel.writeAndFlush(frame, channel.voidPromise());
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
