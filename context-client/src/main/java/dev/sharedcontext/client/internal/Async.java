package dev.sharedcontext.client.internal;

import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ContextException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The futures of one client: work hopped onto the state lane, calls in flight tracked so that
 * {@code close()} can fail them, and the blocking twins' unwrapping.
 */
final class Async {
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** The result of {@code work} run on {@code lane}. */
  static <T> CompletableFuture<T> on(Executor lane, Supplier<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      lane.execute(() -> {
        try {
          f.complete(work.get());
        } catch (RuntimeException | Error e) {
          f.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new ClosedException("the client is closed"));
    }
    return f;
  }

  /** {@code f}, failed with {@link ClosedException} if the client closes before it completes. */
  <T> CompletableFuture<T> track(CompletableFuture<T> f) {
    if (closed) {
      f.completeExceptionally(new ClosedException("the client is closed"));
      return f;
    }
    inFlight.add(f);
    f.whenComplete((r, e) -> inFlight.remove(f));
    if (closed) {
      f.completeExceptionally(new ClosedException("the client is closed"));
    }
    return f;
  }

  /** Fails every call in flight. */
  void close() {
    closed = true;
    for (CompletableFuture<?> f : inFlight) {
      f.completeExceptionally(new ClosedException("the client was closed"));
    }
  }

  /** Waits for {@code f}; throws what it failed with, unwrapped. */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw unwrap(e);
    } catch (CancellationException e) {
      throw new ClosedException("the call was cancelled");
    }
  }

  /** The exception a caller should see for a future's failure. */
  static RuntimeException unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new ContextException("CLIENT_ERROR", String.valueOf(t.getMessage()), t);
  }
}
