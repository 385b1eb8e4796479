package dev.sharedcontext.client;

import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.window.Window;

/**
 * Events of one {@link WindowSubscription}. Every method has a no-op default.
 *
 * <p>Events of one subscription are delivered one at a time, in order, on the client's
 * executor, never under a lock of the client's. A listener that throws is logged at WARN and
 * keeps receiving events.
 */
public interface WindowListener {

  /**
   * The subscription holds a new window: the first one, the next version's, or a fresh one after
   * a resync. Its hash was checked against the server's.
   */
  default void onWindow(Window window) {}

  /** The subscription's stream is open. */
  default void onConnected() {}

  /** An open stream closed; it reconnects with the client's backoff. {@code cause} is null for an orderly close. */
  default void onDisconnected(Throwable cause) {}

  /** The project was deleted; the subscription holds no window until the project exists again. */
  default void onDeleted() {}

  /**
   * Something no call can report: an error message from the server, an unreadable message, a
   * window that failed its hash check or did not follow the version held (code
   * {@code WINDOW_RESYNC}), a stream that could not be reconnected within the backoff's attempts.
   * After an unreadable message or a {@code WINDOW_RESYNC} the subscription drops its stream and
   * starts over with the window sent whole; while that keeps failing, the reconnects follow the
   * client's backoff (each one counts as a further attempt) until a window checks out.
   */
  default void onError(ContextException error) {}
}
