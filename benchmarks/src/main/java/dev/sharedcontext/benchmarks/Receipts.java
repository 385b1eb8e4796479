package dev.sharedcontext.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who has received the message in flight: one round at a time, begun before the message is
 * sent (a fast subscriber may have it before the send returns), finished when the last of the
 * expected subscribers reported it. Subscribers report from their own threads.
 */
final class Receipts {
  private volatile Round current;

  /** Starts waiting for {@code expected} receipts of message {@code key}; the clock starts now. */
  Round begin(long key, int expected) {
    Round r = new Round(key, expected, System.nanoTime());
    current = r;
    return r;
  }

  /** A subscriber has message {@code key}; receipts of other messages are ignored. */
  void received(long key) {
    long now = System.nanoTime();
    Round r = current;
    if (r != null && r.key == key) {
      r.receipt(now);
    }
  }

  /**
   * When one message reached its subscribers, in nanoseconds from the publish: the first receipt
   * (the publisher's and server's work before anything goes out, e.g. a commit) and the last (the
   * delivery to all, P3's figure).
   */
  record Delivery(long firstNanos, long lastNanos) {}

  /** One message's delivery to every subscriber. */
  static final class Round {
    private final long key;
    private final long start;
    private final AtomicInteger remaining;
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    private final CompletableFuture<Delivery> done = new CompletableFuture<>();

    private Round(long key, int expected, long start) {
      this.key = key;
      this.start = start;
      this.remaining = new AtomicInteger(expected);
      if (expected == 0) {
        done.complete(new Delivery(0, 0));
      }
    }

    private void receipt(long nanos) {
      first.accumulateAndGet(nanos, Math::min);
      last.accumulateAndGet(nanos, Math::max);
      if (remaining.decrementAndGet() == 0) {
        done.complete(new Delivery(first.get() - start, last.get() - start));
      }
    }

    /**
     * The times from {@link #begin} to the first and the last receipt.
     *
     * @throws BenchmarkException if not every subscriber had it within {@code timeout}
     */
    Delivery await(Duration timeout) {
      try {
        return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new BenchmarkException("message " + key + ": " + remaining.get() + " subscribers did not receive it within "
            + timeout.toSeconds() + " s");
      } catch (ExecutionException e) {
        throw new BenchmarkException("message " + key + " failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchmarkException("interrupted while waiting for message " + key);
      }
    }
  }
}
