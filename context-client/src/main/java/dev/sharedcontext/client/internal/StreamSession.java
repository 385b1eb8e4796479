package dev.sharedcontext.client.internal;

import dev.sharedcontext.core.LimitExceededException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection of the stream, from handshake to end. It reassembles text frames and
 * hands whole messages to its owner, and reads the next message only when the owner asks
 * ({@link #requestNext()}), so a client busy resyncing leaves the backlog on the server, which
 * coalesces it, instead of holding it in memory. Ends exactly once.
 */
final class StreamSession implements WebSocket.Listener {

  /** Who is told what happens to the session; called on the JDK's WebSocket threads. */
  interface Owner {
    void opened(StreamSession session);

    void message(StreamSession session, String text);

    /** The session is over; {@code cause} is null for an orderly close. */
    void ended(StreamSession session, Throwable cause);
  }

  private static final String PING = "{\"type\":\"ping\"}";

  private final long fromVersion;
  private final long maxMessageChars;
  private final Owner owner;
  private final StringBuilder text = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile WebSocket socket;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

  /** @param maxMessageChars the longest message accepted; a longer one ends the session */
  StreamSession(long fromVersion, long maxMessageChars, Owner owner) {
    this.fromVersion = fromVersion;
    this.maxMessageChars = maxMessageChars;
    this.owner = owner;
  }

  /** The version the session was opened from; 0 when it asked for a snapshot. */
  long fromVersion() {
    return fromVersion;
  }

  /**
   * When a message last arrived or the owner last asked for one: the stream is "silent" only
   * while the client waits for data, not while it holds off reading on purpose.
   */
  long lastActivityNanos() {
    return lastActivityNanos;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    lastActivityNanos = System.nanoTime();
    owner.opened(this);
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    lastActivityNanos = System.nanoTime();
    text.append(data);
    if (text.length() > maxMessageChars) {
      text.setLength(0);
      abort(LimitExceededException.tooLarge("maxResponseBytes", maxMessageChars, "a stream message"));
      return null;
    }
    if (!last) {
      webSocket.request(1);
      return null;
    }
    String message = text.toString();
    text.setLength(0);
    owner.message(this, message);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    lastActivityNanos = System.nanoTime(); // the protocol has no binary messages: ignore them
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    lastActivityNanos = System.nanoTime(); // the JDK answers with a pong by itself
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    lastActivityNanos = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    end(statusCode == WebSocket.NORMAL_CLOSURE ? null
        : new java.io.IOException("stream closed by the server: " + statusCode + " " + reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    end(error);
  }

  /** Reads the next message. */
  void requestNext() {
    WebSocket s = socket;
    if (s != null && !ended.get()) {
      lastActivityNanos = System.nanoTime();
      s.request(1);
    }
  }

  /**
   * Sends a protocol ping unless a send is still in flight. A failed send ends the session: the
   * JDK's WebSocket can miss an end of stream that arrives in the middle of a frame (the socket
   * sits in CLOSE_WAIT while the listener hears nothing), but it does notice a failed write.
   */
  void ping() {
    WebSocket s = socket;
    if (s != null && !ended.get() && lastSend.isDone()) {
      CompletableFuture<WebSocket> send = s.sendText(PING, true);
      lastSend = send;
      send.whenComplete((ws, error) -> {
        if (error != null) {
          abort(error);
        }
      });
    }
  }

  /** Drops the connection at once and ends the session with {@code cause}. */
  void abort(Throwable cause) {
    WebSocket s = socket;
    if (s != null) {
      s.abort();
    }
    end(cause);
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
