package dev.sharedcontext.client.internal;

import dev.sharedcontext.core.ContextException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What one kept-open stream is for: the context feed that keeps the cache current, or a window
 * subscription. {@link StreamManager} owns the connection, the reconnects and the watchdog; the
 * feed gives the version to resume from and gives meaning to the messages.
 *
 * <p>Every method is called on the manager's lane.
 */
interface StreamFeed {

  /** What logs call this stream. */
  String name();

  /** The version to resume from ({@code fromVersion}); 0 asks for a snapshot. */
  long resumeVersion();

  /** More query parameters of the stream URL, encoded, without a leading {@code &}; empty for none. */
  String query();

  /**
   * Tells the feed how to drop the connection (it reconnects then from {@link #resumeVersion()}),
   * how to read on after {@link #message} returned false, and how to say that the open
   * connection has proved good ({@code healthy}): only then does the backoff's attempt count
   * start again from the first attempt. A connection that opens and is dropped again before the
   * feed calls {@code healthy} (a window that keeps failing its hash check) reconnects after
   * ever longer delays, as if it had not opened.
   */
  void bind(Consumer<Throwable> dropConnection, Runnable resume, Runnable healthy);

  /** Handles one message; false if the next one must wait until {@code resume} is called. */
  boolean message(StreamSession session, String text);

  /** A connection opened; a feed that trusts a connection as soon as it opens calls {@code healthy} here. */
  void connected();

  /** A connection ended ({@code wasOpen}: after it had opened); {@code cause} null for an orderly close. */
  void ended(boolean wasOpen, Throwable cause);

  /** Reconnect attempt {@code attempt} follows after {@code delay}. */
  void reconnecting(int attempt, Duration delay);

  /** The backoff allows no more attempts. */
  void gaveUp(ContextException error);
}
