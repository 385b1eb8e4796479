package dev.sharedcontext.server.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code window_update} messages of windowed subscribers, each made once and shared: the
 * subscribers of one project that hold the same window and ask for the same budget, rules and
 * encoding get the same window patch, token figures and bytes for a version, so a commit to a
 * hundred of them costs one diff, one count and one encoding. Thread-safe.
 *
 * <p>Keyed by what the message is made of, not by who asks: the hash of the window the client
 * holds (so a subscriber whose window was made under other rules, or at another base, gets its
 * own step), and the hash of the document at the new version (so a re-created project never gets
 * an old one). Kept only briefly in practice: a step is asked for while one commit is delivered;
 * bounded by bytes.
 */
final class WindowSteps {
  /** Bytes of steps kept (messages and the windows they lead to): enough for the fan-outs in flight. */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  /**
   * One version's step of a window.
   *
   * @param view the window at the new version, which the client holds after the step
   * @param servedTokens tokens of the window patch by the server's configured counter
   * @param message the whole {@code window_update}; shared, never written to
   */
  record Step(WindowViews.View view, long servedTokens, byte[] message) {}

  /** What a windowed subscriber asks for, besides the versions: its windows are made with these. */
  record Params(String projectId, int budget, PriorityRules rules, TokenCounter counter) {}

  private record Key(String projectId, int budget, PriorityRules rules, String encoding, long baseVersion,
      String baseWindowHash, long version, String documentHash, long contextTokens) {}

  private final WindowViews windows;
  private final EncodingCounters counters;
  private final Cache<Key, Step> cache = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((Key k, Step s) -> s.message().length + s.view().wire().sizeBytes() + 256)
      .build();
  private final LongAdder computed = new LongAdder();

  WindowSteps(WindowViews windows, EncodingCounters counters) {
    this.windows = windows;
    this.counters = counters;
  }

  /**
   * The step from {@code baseWindow}, the window of {@code baseVersion} the client holds, to the
   * window of {@code document}, version {@code version}, made with {@code params}.
   *
   * @param contextTokens tokens of the whole context at {@code version} (for {@code tokensSaved})
   * @param catchUp the update spans several versions: the message says so, and is made for this
   *     one subscriber rather than shared
   */
  Step step(Params params, long baseVersion, ContextDocument baseWindow, long version, ContextDocument document,
      long contextTokens, boolean catchUp) {
    if (catchUp) {
      return compute(params, baseVersion, baseWindow, version, document, contextTokens, true);
    }
    Key key = new Key(params.projectId(), params.budget(), params.rules(), params.counter().name(), baseVersion,
        baseWindow.hash(), version, document.hash(), contextTokens);
    return cache.get(key, k -> compute(params, baseVersion, baseWindow, version, document, contextTokens, false));
  }

  /** Steps computed so far (not taken from the cache): for tests that the sharing holds. */
  long computed() {
    return computed.sum();
  }

  private Step compute(Params params, long baseVersion, ContextDocument baseWindow, long version,
      ContextDocument document, long contextTokens, boolean catchUp) {
    computed.increment();
    WindowViews.View view = windows.of(params.projectId(), version, document, params.budget(), params.rules(),
        params.counter());
    Patch patch = Patch.diff(baseWindow, view.wire());
    long served = counters.configured().count(patch);
    JsonOut out = JsonOut.bytes().startObject()
        .field("type", "window_update")
        .field("projectId", params.projectId())
        .field("version", version)
        .field("baseVersion", baseVersion)
        .field("budget", params.budget())
        .field("tokens", view.window().tokens())
        .patch("patch", patch)
        .field("hash", view.wire().hash())
        .field("tokensSaved", contextTokens - served);
    if (catchUp) {
      out.field("catchUp", true);
    }
    return new Step(view, served, out.endObject().toByteArray());
  }

  /** Drops a deleted project's steps: they can never be asked for again (see the key's hashes). */
  void forget(String projectId) {
    cache.asMap().keySet().removeIf(k -> k.projectId().equals(projectId));
  }

  /** Steps kept of {@code projectId} (for tests). */
  long kept(String projectId) {
    return cache.asMap().keySet().stream().filter(k -> k.projectId().equals(projectId)).count();
  }
}
