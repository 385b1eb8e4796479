package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Commits: whole documents sent as the diff from the cached head, patches with or without a
 * base, read-change-write with retries on conflict, rollbacks. When the server's answer shows
 * the commit came right after the cached version, the cache takes it at once (read your own
 * writes) and raises its {@code onUpdate}; the stream's copy of it is then a duplicate.
 */
final class Writer {
  private final ClientOptions options;
  private final ContextCache cache;
  private final ContextApi api;
  private final Reader reader;
  private final SerialExecutor lane;

  Writer(ClientOptions options, ContextCache cache, ContextApi api, Reader reader, SerialExecutor lane) {
    this.options = options;
    this.cache = cache;
    this.api = api;
    this.reader = reader;
    this.lane = lane;
  }

  CompletableFuture<CommitReceipt> set(ContextDocument document) {
    ContextCache.Entry e = cache.entry();
    if (e == null) {
      return api.put(document).thenCompose(r -> Async.on(lane, () -> {
        if (cache.version() == 0 && r.hash().equals(document.hash())) {
          cache.load(new VersionedContext(r.projectId(), r.version(), document, r.hash(), null));
        } else {
          cache.invalidate();
        }
        return r;
      }));
    }
    return commitDiff(e.context(), document);
  }

  /** A patch with a base ({@code baseVersion >= 0}) or without (-1). */
  CompletableFuture<CommitReceipt> patch(Patch patch, long baseVersion) {
    return api.diff(patch, baseVersion).thenCompose(r -> takeOwn(patch, r));
  }

  CompletableFuture<CommitReceipt> update(UnaryOperator<ContextDocument> change) {
    return attempt(change, 1, false);
  }

  CompletableFuture<CommitReceipt> rollback(long version) {
    return api.rollback(version).thenCompose(r -> Async.on(lane, () -> {
      cache.invalidate(); // the new content is not known here; the stream or the next read brings it
      return r;
    }));
  }

  private CompletableFuture<CommitReceipt> attempt(UnaryOperator<ContextDocument> change, int n, boolean force) {
    return readOrNull(force).thenCompose(head -> {
      ContextDocument before = head == null ? ContextDocument.empty() : head.document();
      ContextDocument next = change.apply(before);
      if (next == null) {
        throw new NullPointerException("the update function returned null");
      }
      // Base 0 for a project that does not exist yet: the server refuses it if one was created meanwhile.
      return head == null ? patch(Patch.diff(before, next), 0) : commitDiff(head, next);
    }).exceptionallyCompose(error -> {
      RuntimeException e = Async.unwrap(error);
      if (e instanceof VersionConflictException && n < options.maxUpdateAttempts()) {
        // The head moved under us: read it from the server (the cache may lag) and try again.
        return attempt(change, n + 1, true);
      }
      return CompletableFuture.failedFuture(e);
    });
  }

  /** The head, or null when the project does not exist. */
  private CompletableFuture<VersionedContext> readOrNull(boolean force) {
    return reader.head(force).exceptionallyCompose(error -> {
      RuntimeException e = Async.unwrap(error);
      return e instanceof NotFoundException ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(e);
    });
  }

  private CompletableFuture<CommitReceipt> commitDiff(VersionedContext base, ContextDocument document) {
    Patch diff = Patch.diff(base.document(), document);
    if (diff.isEmpty()) {
      // Nothing to change: the server would answer with the unchanged head.
      return CompletableFuture.completedFuture(new CommitReceipt(base.projectId(), base.version(), base.hash(), 0,
          false, false));
    }
    return patch(diff, base.version());
  }

  private CompletableFuture<CommitReceipt> takeOwn(Patch patch, CommitReceipt r) {
    return Async.on(lane, () -> {
      // The server applied the patch to version r.version - 1; if that is the cached version,
      // applying it here gives the same document (checked by the hash).
      long cached = cache.version();
      if (cached > 0 && cached == r.version() - 1) {
        ContextCache.Step step = cache.step(cached, r.version(), patch, r.hash(), options.agentId(),
            r.tokensSaved(), null);
        if (step != ContextCache.Step.APPLIED) {
          cache.invalidate();
        }
      } else if (cached < r.version()) {
        cache.invalidate();
      }
      return r;
    });
  }
}
