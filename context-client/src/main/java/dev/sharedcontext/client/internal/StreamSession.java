package dev.sharedcontext.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.client.internal.ws.UpgradeRejectedException;
import dev.sharedcontext.client.internal.ws.WebSocketConnection;
import dev.sharedcontext.client.internal.ws.WebSocketListener;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection of a stream, from handshake to end. It hands whole messages to its
 * owner, and reads the next message only when the owner asks ({@link #requestNext()}), so a
 * client busy resyncing leaves the backlog on the server, which coalesces it, instead of holding
 * it in memory. Ends exactly once.
 */
final class StreamSession implements WebSocketListener {

  /** Who is told what happens to the session; called on the connection's reader thread. */
  interface Owner {
    void opened(StreamSession session);

    void message(StreamSession session, String text);

    /** The session is over; {@code cause} is null for an orderly close. */
    void ended(StreamSession session, Throwable cause);
  }

  private static final String PING = "{\"type\":\"ping\"}";
  private static final int NORMAL_CLOSURE = 1000;

  private final long fromVersion;
  private final Owner owner;
  private final Executor sender;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile WebSocketConnection connection;
  private volatile long lastActivityNanos = System.nanoTime();

  /** @param sender runs the blocking writes of pings, off the caller's thread */
  StreamSession(long fromVersion, Owner owner, Executor sender) {
    this.fromVersion = fromVersion;
    this.owner = owner;
    this.sender = sender;
  }

  /** The version the session was opened from; 0 when it asked for a snapshot. */
  long fromVersion() {
    return fromVersion;
  }

  /** The connection, once opening began; null before. */
  WebSocketConnection connection() {
    return connection;
  }

  /**
   * When a frame last arrived or the owner last asked for a message: the stream is "silent" only
   * while the client waits for data, not while it holds off reading on purpose.
   */
  long lastActivityNanos() {
    WebSocketConnection c = connection;
    long own = lastActivityNanos;
    if (c == null) {
      return own;
    }
    long read = c.lastReadNanos();
    return read - own > 0 ? read : own; // nanoTime values compare by difference only
  }

  /** Binds the connection being opened; one aborted meanwhile is dropped at once. */
  void attach(WebSocketConnection c) {
    connection = c;
    if (ended.get()) {
      c.abort(); // closed or dropped while the handshake began; abort() ends before it reads the field
    }
  }

  @Override
  public void onOpen(WebSocketConnection c) {
    connection = c;
    lastActivityNanos = System.nanoTime();
    owner.opened(this);
    c.request();
  }

  @Override
  public void onText(WebSocketConnection c, String text) {
    lastActivityNanos = System.nanoTime();
    owner.message(this, text);
  }

  @Override
  public void onClose(WebSocketConnection c, int status, String reason) {
    end(status == NORMAL_CLOSURE ? null : new IOException("stream closed by the server: " + status + " " + reason));
  }

  @Override
  public void onError(WebSocketConnection c, Throwable error) {
    end(error instanceof UpgradeRejectedException r ? refused(r) : error);
  }

  /** The server's reason for refusing the upgrade, as the typed error its HTTP answer means. */
  private static Throwable refused(UpgradeRejectedException r) {
    JsonNode body = null;
    byte[] bytes = r.body();
    if (bytes.length > 0) {
      try {
        body = Wire.MAPPER.readTree(bytes);
      } catch (IOException e) {
        body = null; // not JSON (a proxy's page): the status alone decides
      }
    }
    return ErrorMapper.map(r.status(), body, -1);
  }

  /** Reads the next message. */
  void requestNext() {
    WebSocketConnection c = connection;
    if (c != null && !ended.get()) {
      lastActivityNanos = System.nanoTime();
      c.request();
    }
  }

  /**
   * Sends a protocol ping unless one is still being written. A failed write ends the session: a
   * peer that vanished without a FIN is noticed by the write failing or by the watchdog.
   */
  void ping() {
    WebSocketConnection c = connection;
    if (c == null || ended.get() || !sending.compareAndSet(false, true)) {
      return;
    }
    try {
      sender.execute(() -> {
        try {
          c.sendText(PING);
        } catch (IOException e) {
          abort(e);
        } finally {
          sending.set(false);
        }
      });
    } catch (RejectedExecutionException e) {
      sending.set(false); // the client is closing
    }
  }

  /** Drops the connection at once and ends the session with {@code cause}. */
  void abort(Throwable cause) {
    end(cause); // first, so that attach() sees it when the connection is bound concurrently
    WebSocketConnection c = connection;
    if (c != null) {
      c.abort();
    }
  }

  /** Ends the session (once): its owner hears of it. */
  void end(Throwable cause) {
    if (ended.compareAndSet(false, true)) {
      owner.ended(this, cause);
    }
  }

  boolean isEnded() {
    return ended.get();
  }
}
