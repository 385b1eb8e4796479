package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;

/**
 * The benchmark's own count of a replay, from what the agents and the wire observer received,
 * independent of the server's figures: T1 (tokens delivered against full contexts), T2 (bytes on
 * the wire against the git anchors) and the recount that T4 compares the server's
 * {@code tokensSaved} with.
 *
 * @param deliveredTokens tokens the agents received (patches, and whole contexts when sent whole)
 * @param fullContextTokens tokens of every agent receiving the full context at every version
 * @param resyncs catch-ups the agents' clients made (each hides its patch from the count)
 * @param rawBytes payload bytes of the updates for trace versions 1..N as sent to a client without compression
 * @param deflateBytes the same on the wire with permessage-deflate (context takeover)
 * @param gzipBytes the same, each message gzipped on its own at level 9 (as the anchor was made)
 * @param recountSaved tokens saved over every stream (agents and observer), recounted
 * @param recountServed tokens sent over every stream, recounted
 * @param reportedSaved the sum of {@code tokensSaved} in the messages and events received
 */
record ReplayAccount(long deliveredTokens, long fullContextTokens, int resyncs, long rawBytes, long deflateBytes,
    long gzipBytes, long recountSaved, long recountServed, long reportedSaved) {

  /** T1's reduction: 1 - delivered / full. */
  double reduction() {
    return 1 - (double) deliveredTokens / fullContextTokens;
  }

  /**
   * Counts {@code r}; {@code full[v]} is the tokens of project version {@code v} (index 0 unused).
   */
  static ReplayAccount of(TraceReplay.Result r, long[] full, TokenCounter counter) {
    long delivered = 0;
    long fullPerAgent = 0;
    for (int v = 1; v < full.length; v++) {
      fullPerAgent += full[v];
    }
    int resyncs = 0;
    long saved = 0;
    long served = 0;
    long reported = 0;
    for (AgentRecorder a : r.agents()) {
      for (AgentRecorder.Update u : a.updates()) {
        long sent = counter.count(u.patch());
        delivered += sent;
        served += sent;
        saved += full[(int) u.version()] - sent;
        reported += u.tokensSaved();
      }
      for (ContextDocument d : a.snapshotDocuments()) {
        long sent = counter.count(d);
        delivered += sent;
        served += sent;
      }
      resyncs += a.resyncs();
    }
    long raw = 0;
    long deflate = 0;
    long gzip = 0;
    for (WireObserver.Message m : r.wire()) {
      JsonNode j = m.json();
      String type = j.path("type").asText();
      int version = j.path("version").asInt();
      if (type.equals("context_update")) {
        long sent = counter.count(Patch.fromJson(j.get("patch")));
        served += sent;
        saved += full[version] - sent;
        reported += j.path("tokensSaved").asLong();
        if (version >= 2) { // trace versions 1..N, as the anchor sums them
          raw += m.text().length;
          deflate += m.wireBytes();
          gzip += DeltasBenchmark.gzip9(m.text()).length;
        }
      } else if (type.equals("context_snapshot")) {
        served += counter.count(ContextDocument.of(j.get("context")));
      }
    }
    return new ReplayAccount(delivered, fullPerAgent * r.agents().size(), resyncs, raw, deflate, gzip, saved, served,
        reported);
  }

  static long delta(JsonNode before, JsonNode after, String field) {
    return after.path(field).asLong() - before.path(field).asLong();
  }
}
