package dev.sharedcontext.client;

import dev.sharedcontext.core.window.Window;
import java.util.Optional;

/**
 * A window of the project's head that the server keeps current: it sends the window whole once,
 * then, for every version, the patch from the last window to the next, which the subscription
 * applies and checks against the server's hash. A gap or a mismatch makes it start over with a
 * fresh window; a dropped connection resumes from the version it holds. Made by
 * {@link SharedContextClient#subscribeWindow}; it has its own WebSocket connection, with the
 * client's options (backoff, pings, compression, limits).
 *
 * <p>Thread-safe. Closing the client closes its subscriptions.
 */
public interface WindowSubscription extends AutoCloseable {

  /** The budget in tokens. */
  int budget();

  /** The window held now; empty before the first one arrived, and after a deletion. */
  Optional<Window> window();

  /** The version of the window held; 0 when there is none. */
  long version();

  /** True while the subscription's stream is open. */
  boolean isConnected();

  /** Closes the stream and cancels any reconnect; no event follows. Idempotent; never throws. */
  @Override
  void close();
}
