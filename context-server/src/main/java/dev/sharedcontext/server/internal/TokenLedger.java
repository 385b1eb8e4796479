package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Token accounting of versions, counted once per version: {@code tokensSaved} of a version is
 * the tokens of the whole context at that version (the store's figure) minus the tokens of the
 * patch that is sent instead, both by the core's segment definition. It may be negative when a
 * patch is bigger than the context it produces (e.g. replacing everything); it is reported as is.
 */
final class TokenLedger {

  /** The accounting of one version. */
  record Entry(long version, String hash, long patchTokens, long tokensSaved) {}

  private final Supplier<TokenCounter> counter;
  private final ConcurrentHashMap<String, Entry> latest = new ConcurrentHashMap<>();

  TokenLedger(Supplier<TokenCounter> counter) {
    this.counter = counter;
  }

  /**
   * The accounting of {@code version} reached by {@code patch}; computed by whoever asks first
   * (the committing request or the fan-out), then reused.
   */
  Entry of(ContextVersion version, Patch patch) {
    Entry e = latest.get(version.projectId());
    if (matches(e, version)) {
      return e;
    }
    // Counting inside compute() makes the HTTP reply and the fan-out share one count; patches
    // are small, so holding the map's bin that long is cheap.
    Entry[] result = new Entry[1];
    latest.compute(version.projectId(), (id, current) -> {
      if (matches(current, version)) {
        result[0] = current;
        return current;
      }
      Entry computed = compute(version, patch);
      result[0] = computed;
      return current != null && current.version() > computed.version() ? current : computed;
    });
    return result[0];
  }

  /** Accounting of a catch-up patch sent to one subscriber: counted every time, it is not shared. */
  Entry catchUp(ContextVersion head, Patch patch) {
    return compute(head, patch);
  }

  long count(Patch patch) {
    return counter.get().count(patch);
  }

  void forget(String projectId) {
    latest.remove(projectId);
  }

  private Entry compute(ContextVersion version, Patch patch) {
    long patchTokens = counter.get().count(patch);
    return new Entry(version.version(), version.hash(), patchTokens, version.tokens() - patchTokens);
  }

  private static boolean matches(Entry e, ContextVersion v) {
    return e != null && e.version() == v.version() && e.hash().equals(v.hash());
  }
}
