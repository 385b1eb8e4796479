package dev.sharedcontext.client;

/**
 * Counters of one client since it was built. Each counter is read once; they are not taken
 * together under a lock, so a snapshot taken while calls run may be off by those calls.
 *
 * @param reads {@code getContext()} calls
 * @param cacheHits of those, the ones answered from the cache without any request
 * @param requests HTTP requests sent (stream handshakes excluded)
 * @param notModified conditional reads the server answered with 304 (served from the cache)
 * @param updatesApplied single-version updates applied to the cache (from the stream or own commits)
 * @param snapshots whole contexts loaded into the cache
 * @param resyncs catch-ups after a gap, a hash mismatch or a coalesced delta
 * @param connects stream connections opened, the first one included
 * @param bytesReceived HTTP response bytes as received (compressed when compressed)
 */
public record ClientStats(long reads, long cacheHits, long requests, long notModified, long updatesApplied,
    long snapshots, long resyncs, long connects, long bytesReceived) {

  /** {@code cacheHits / reads}; 0 before the first read. */
  public double cacheHitRate() {
    return reads == 0 ? 0 : (double) cacheHits / reads;
  }
}
