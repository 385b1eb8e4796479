package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.store.internal.ConflictPaths;
import dev.sharedcontext.core.store.internal.PatchSizes;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a commit computes before it goes to Redis, with the memory store's rules: base
 * checks, rebase of a change on an older base when no path it touches changed since, the patch,
 * the new document, limits, tokens, the inverse patch and the version's record. The script then
 * only compares the head and appends.
 */
final class CommitPlanner {
  private final StoreOptions options;
  private final TokenCounter tokenCounter;

  CommitPlanner(StoreOptions options) {
    this.options = options;
    this.tokenCounter = options.tokenCounter();
  }

  /** What to append: the new head and its history entry. */
  record Plan(ContextVersion meta, ContextDocument document, Patch patch, Patch inverse,
      Set<JsonPointer> changedPaths, long inverseBytes, boolean rebased) {
    boolean changed() {
      return document != null;
    }
  }

  /** True if planning {@code request} on {@code view} needs the versions after the request's base. */
  static boolean needsHistory(View view, CommitRequest request) {
    long head = view == null ? 0 : view.version();
    return request.hasBase() && request.baseVersion() < head && !view.hasEntriesAfter(request.baseVersion());
  }

  /**
   * Plans {@code request} on {@code view} (null: no project). A plan without a document is a
   * change that changes nothing.
   */
  Plan plan(String projectId, View view, CommitRequest request) {
    long headVersion = view == null ? 0 : view.version();
    ContextDocument headDoc = view == null ? ContextDocument.empty() : view.document();
    if (request.hasBase()) {
      long base = request.baseVersion();
      if (request.exactBase() && base != headVersion) {
        throw new VersionConflictException(base, headVersion, List.of(), "head is " + headVersion + ", not " + base);
      }
      if (base > headVersion) {
        throw new VersionConflictException(base, headVersion, List.of(),
            "base version " + base + " is ahead of the head " + headVersion);
      }
    }
    boolean rebased = request.hasBase() && request.baseVersion() < headVersion;
    Patch patch = patchOf(view, request, headDoc, rebased);
    if (rebased) {
      long base = request.baseVersion();
      if (!view.hasEntriesAfter(base)) {
        throw tooOld(base, view);
      }
      Set<JsonPointer> changed = new LinkedHashSet<>();
      for (Records.Entry e : view.entries()) {
        if (e.version() > base) {
          changed.addAll(e.changedPaths());
        }
      }
      List<String> overlap = ConflictPaths.overlapping(changed, ConflictPaths.of(patch));
      if (!overlap.isEmpty()) {
        throw new VersionConflictException(base, headVersion, overlap);
      }
    }
    ContextDocument next = patch.apply(headDoc);
    if (view != null && next.equals(headDoc)) {
      return new Plan(view.meta(), null, Patch.empty(), null, Set.of(), 0, rebased);
    }
    if (next.sizeBytes() > options.maxContextBytes()) {
      throw LimitExceededException.tooLarge("maxContextBytes", options.maxContextBytes(),
          "the context's " + next.sizeBytes() + " bytes");
    }
    long tokens = tokenCounter.count(next);
    if (options.maxContextTokens() > 0 && tokens > options.maxContextTokens()) {
      throw LimitExceededException.tooLarge("maxContextTokens", options.maxContextTokens(),
          "the context's " + tokens + " tokens");
    }
    Patch inverse = view == null ? null : patch.invert(headDoc);
    ContextVersion meta = new ContextVersion(projectId, headVersion + 1,
        Instant.now(options.clock()).truncatedTo(ChronoUnit.MILLIS), request.agentId(), next.hash(),
        next.sizeBytes(), tokens);
    return new Plan(meta, next, patch, inverse, ConflictPaths.of(patch),
        inverse == null ? 0 : PatchSizes.estimate(inverse), rebased);
  }

  private static Patch patchOf(View view, CommitRequest request, ContextDocument headDoc, boolean rebased) {
    if (request.patch() != null) {
      return request.patch();
    }
    if (!rebased) {
      return Patch.diff(headDoc, request.replacement());
    }
    // A whole document made against an older version: its change is its difference from that
    // version, which is then rebased like any patch.
    long base = request.baseVersion();
    ContextDocument baseDoc;
    if (base == 0) {
      baseDoc = ContextDocument.empty();
    } else {
      if (base < view.head().oldest() || !view.hasEntriesAfter(base)) {
        throw tooOld(base, view);
      }
      baseDoc = view.rebuild(base);
    }
    return Patch.diff(baseDoc, request.replacement());
  }

  private static VersionConflictException tooOld(long base, View view) {
    return new VersionConflictException(base, view.version(), List.of(),
        "base version " + base + " is older than the retained history (oldest " + view.head().oldest()
            + "); re-read and retry");
  }
}
