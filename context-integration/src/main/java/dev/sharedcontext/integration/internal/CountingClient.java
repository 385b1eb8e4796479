package dev.sharedcontext.integration.internal;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.ClientStats;
import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.ContextChanges;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.client.WindowListener;
import dev.sharedcontext.client.WindowSubscription;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * An agent's client as the integration hands it out: the real client, with its commits, their
 * {@code tokensSaved} and its version conflicts counted, and its close reported to the integration.
 * Blocking calls go through the async ones so that both are counted the same way.
 */
final class CountingClient implements SharedContextClient {
  private final SharedContextClient delegate;
  private final AgentCounters counters;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  CountingClient(SharedContextClient delegate, AgentCounters counters, Runnable onClose) {
    this.delegate = delegate;
    this.counters = counters;
    this.onClose = onClose;
    counters.attach(delegate);
  }

  private CompletableFuture<CommitReceipt> commit(CompletableFuture<CommitReceipt> f) {
    return f.whenComplete((r, e) -> {
      if (r != null && r.changed()) {
        counters.commits.increment();
        counters.tokensSavedCommitting.add(r.tokensSaved());
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof VersionConflictException) {
        counters.conflicts.increment();
      }
    });
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  @Override public ClientOptions options() { return delegate.options(); }
  @Override public VersionedContext getContext() { return delegate.getContext(); }
  @Override public CompletableFuture<VersionedContext> getContextAsync() { return delegate.getContextAsync(); }
  @Override public VersionedContext getContext(long version) { return delegate.getContext(version); }
  @Override public CompletableFuture<VersionedContext> getContextAsync(long version) { return delegate.getContextAsync(version); }
  @Override public Optional<VersionedContext> cached() { return delegate.cached(); }
  @Override public CommitReceipt setContext(ContextDocument document) { return join(setContextAsync(document)); }

  @Override
  public CompletableFuture<CommitReceipt> setContextAsync(ContextDocument document) {
    return commit(delegate.setContextAsync(document));
  }

  @Override public Patch createDiff(ContextDocument a, ContextDocument b) { return delegate.createDiff(a, b); }
  @Override public CommitReceipt updateContext(Patch patch) { return join(updateContextAsync(patch)); }

  @Override
  public CompletableFuture<CommitReceipt> updateContextAsync(Patch patch) {
    return commit(delegate.updateContextAsync(patch));
  }

  @Override public CommitReceipt update(long baseVersion, Patch patch) { return join(updateAsync(baseVersion, patch)); }

  @Override
  public CompletableFuture<CommitReceipt> updateAsync(long baseVersion, Patch patch) {
    return commit(delegate.updateAsync(baseVersion, patch));
  }

  @Override public CommitReceipt update(UnaryOperator<ContextDocument> change) { return join(updateAsync(change)); }

  @Override
  public CompletableFuture<CommitReceipt> updateAsync(UnaryOperator<ContextDocument> change) {
    return commit(delegate.updateAsync(change));
  }

  @Override public CommitReceipt rollback(long version) { return join(rollbackAsync(version)); }

  @Override
  public CompletableFuture<CommitReceipt> rollbackAsync(long version) {
    return commit(delegate.rollbackAsync(version));
  }

  @Override public List<ContextVersion> history() { return delegate.history(); }
  @Override public List<ContextVersion> history(int limit, long before) { return delegate.history(limit, before); }

  @Override
  public CompletableFuture<List<ContextVersion>> historyAsync(int limit, long beforeVersion) {
    return delegate.historyAsync(limit, beforeVersion);
  }

  @Override public ContextChanges since(long version) { return delegate.since(version); }
  @Override public CompletableFuture<ContextChanges> sinceAsync(long version) { return delegate.sinceAsync(version); }
  @Override public Window window(int budget) { return delegate.window(budget); }
  @Override public CompletableFuture<Window> windowAsync(int budget) { return delegate.windowAsync(budget); }
  @Override public ContextDocument resolve(WindowReference reference) { return delegate.resolve(reference); }

  @Override
  public WindowSubscription subscribeWindow(int budget, WindowListener listener) {
    return delegate.subscribeWindow(budget, listener);
  }

  @Override
  public CompletableFuture<ContextDocument> resolveAsync(WindowReference reference) {
    return delegate.resolveAsync(reference);
  }

  @Override public void delete() { delegate.delete(); }
  @Override public CompletableFuture<Void> deleteAsync() { return delegate.deleteAsync(); }
  @Override public void addListener(ClientListener listener) { delegate.addListener(listener); }
  @Override public void removeListener(ClientListener listener) { delegate.removeListener(listener); }
  @Override public boolean isConnected() { return delegate.isConnected(); }
  @Override public ClientStats stats() { return delegate.stats(); }

  boolean isClosed() {
    return closed.get();
  }

  /** Closes the client; its read counters join the agent's totals. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      delegate.close();
      counters.detach(delegate);
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "CountingClient{" + delegate.options() + "}";
  }
}
