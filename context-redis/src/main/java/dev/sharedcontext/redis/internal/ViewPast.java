package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.internal.CommitPlanner;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@link View} as core's {@link CommitPlanner} reads a project's past, so that a commit through
 * Redis follows exactly the memory store's rules. A null view is a project that does not exist.
 */
record ViewPast(View view) implements CommitPlanner.Past {

  /** True if planning {@code request} on {@code view} needs the versions after the request's base. */
  static boolean needsHistory(View view, CommitRequest request) {
    long head = view == null ? 0 : view.version();
    return request.hasBase() && request.baseVersion() < head && !view.hasEntriesAfter(request.baseVersion());
  }

  @Override
  public long headVersion() {
    return view == null ? 0 : view.version();
  }

  @Override
  public ContextVersion headMeta() {
    return view.meta();
  }

  @Override
  public ContextDocument headDocument() {
    return view == null ? ContextDocument.empty() : view.document();
  }

  @Override
  public long oldestVersion() {
    return view == null ? 0 : view.head().oldest();
  }

  @Override
  public Set<JsonPointer> changedSince(long version) {
    if (!view.hasEntriesAfter(version)) {
      return null;
    }
    Set<JsonPointer> changed = new LinkedHashSet<>();
    for (Records.Entry e : view.entries()) {
      if (e.version() > version) {
        changed.addAll(e.changedPaths());
      }
    }
    return changed;
  }

  @Override
  public ContextDocument documentAt(long version) {
    if (version < view.head().oldest() || !view.hasEntriesAfter(version)) {
      throw new CompactedException(version, view.head().oldest());
    }
    return view.rebuild(version);
  }
}
