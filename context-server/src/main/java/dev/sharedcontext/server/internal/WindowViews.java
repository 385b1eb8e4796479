package dev.sharedcontext.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowRequest;
import dev.sharedcontext.core.window.internal.WindowBuilder;

/**
 * Token-budgeted windows, each made once per version, budget, rules and encoding and then
 * shared: by {@code GET /window} answers and by windowed subscribers with the same parameters.
 * Keyed by the version's hash too, so a re-created project never gets an old window. Bounded by
 * bytes. Thread-safe.
 */
final class WindowViews {
  /** Bytes of windows kept: they are at most their budget's worth of text each. */
  static final long MAX_BYTES = 32L * 1024 * 1024;

  /**
   * A window and its wire object as a document. The wire object's canonical bytes are what is
   * sent, so the window's {@code tokens} (counted on the canonical text) are exact for them.
   */
  record View(Window window, ContextDocument wire) {
    byte[] bytes() {
      return wire.canonicalBytes();
    }
  }

  private record Key(String projectId, long version, String hash, int budget, PriorityRules rules, String encoding) {}

  private final Cache<Key, View> cache = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((Key k, View v) -> v.wire().sizeBytes() + 256)
      .build();

  /**
   * The window of {@code snapshot} within {@code budget} tokens of {@code counter}.
   *
   * @throws InvalidInputException if the budget is below {@link WindowRequest#MIN_BUDGET} or
   *     cannot hold even one reference to the whole context
   */
  View of(ContextSnapshot snapshot, int budget, PriorityRules rules, TokenCounter counter) {
    ContextVersion v = snapshot.version();
    return of(v.projectId(), v.version(), snapshot.document(), budget, rules, counter);
  }

  /** The window of {@code document}, version {@code version} of {@code projectId}; see above. */
  View of(String projectId, long version, ContextDocument document, int budget, PriorityRules rules,
      TokenCounter counter) {
    if (budget < WindowRequest.MIN_BUDGET) {
      throw new InvalidInputException("budget must be at least " + WindowRequest.MIN_BUDGET + " tokens: " + budget);
    }
    Key key = new Key(projectId, version, document.hash(), budget, rules, counter.name());
    return cache.get(key, k -> {
      Window w = Window.of(document, new WindowRequest(projectId, version, budget, rules), counter);
      return new View(w, WindowBuilder.wireDocument(w));
    });
  }

  /** Drops a deleted project's windows: they can never be asked for again (see the key's hash). */
  void forget(String projectId) {
    cache.asMap().keySet().removeIf(k -> k.projectId().equals(projectId));
  }

  /** Windows kept of {@code projectId} (for tests). */
  long kept(String projectId) {
    return cache.asMap().keySet().stream().filter(k -> k.projectId().equals(projectId)).count();
  }
}
