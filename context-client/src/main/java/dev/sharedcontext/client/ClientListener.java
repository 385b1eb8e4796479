package dev.sharedcontext.client;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import java.time.Duration;

/**
 * Events of a {@link SharedContextClient}. Every method has a no-op default, so implement only
 * what you need.
 *
 * <p>Events of one client are delivered one at a time, in the order they happened, on the
 * client's executor, never while the client holds a lock. Cache events describe the cache in
 * order: {@code onSnapshot}, {@code onUpdate} and {@code onResynced} each name the version the
 * cache holds afterwards, and an {@code onUpdate} always follows the version before it, so a
 * listener that tracks them sees every version once, with no gap and no duplicate, or a
 * resync/snapshot where versions were skipped. A listener may call the client, also
 * synchronously. A listener that throws is logged at WARN and keeps receiving events.
 */
public interface ClientListener {

  /** The cache was loaded whole: at start, after a deletion, or when history did not reach back. */
  default void onSnapshot(long version, ContextDocument context) {}

  /**
   * The cache moved from {@code version - 1} to {@code version} by {@code patch}, committed by
   * {@code agentId} (empty when anonymous); {@code tokensSaved} as the server reported it.
   */
  default void onUpdate(long version, Patch patch, String agentId, long tokensSaved) {}

  /** The stream is open. */
  default void onConnected() {}

  /** An open stream closed; {@code cause} is null for an orderly close by the server. */
  default void onDisconnected(Throwable cause) {}

  /** Reconnect attempt {@code attempt} (1-based) will be made after {@code delay}. */
  default void onReconnecting(int attempt, Duration delay) {}

  /** The cache caught up from {@code fromVersion} to {@code toVersion} in one step, skipping single updates. */
  default void onResynced(long fromVersion, long toVersion) {}

  /** The project the cache held was deleted; the cache is empty now. Raised once per deletion. */
  default void onDeleted() {}

  /**
   * Something went wrong that no call of the caller's can report: a stream that could not be
   * reconnected within the backoff's attempts, a resync that failed, an unreadable message.
   */
  default void onError(ContextException error) {}
}
