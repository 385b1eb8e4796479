package dev.sharedcontext.integration;

/** Where an {@link OptimizedContext} was made: said honestly, because the figures differ in meaning. */
public enum OptimizationSource {
  /** The context is shared through the server (only its delta was sent) and the server's {@code /window} made the view. */
  SERVER_WINDOW,
  /**
   * The context is shared through the server (only its delta was sent), but the server does not
   * serve {@code /window} (501 or 404) or did not answer it, so the view was made locally from
   * the same version.
   */
  SERVER_SYNC_LOCAL_WINDOW,
  /**
   * The server was unreachable: nothing was shared, the view was made locally from the context
   * given. Other agents do not see this context, and its version is not a server version.
   */
  LOCAL_FALLBACK
}
