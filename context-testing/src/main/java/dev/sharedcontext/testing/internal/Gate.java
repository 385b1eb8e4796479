package dev.sharedcontext.testing.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Open or shut for every connection of a proxy at once: a stall shuts it until a deadline or
 * until reopened. Pumps wait here before forwarding what they read. Thread-safe.
 */
final class Gate {
  private long shutUntilNanos; // guarded by this; meaningful only while shut
  private boolean shut;

  /** Shuts the gate for {@code duration} from now (a later stall extends, never shortens, it). */
  synchronized void shutFor(Duration duration) {
    long until = System.nanoTime() + Math.min(duration.toNanos(), Long.MAX_VALUE / 4);
    if (!shut || until - shutUntilNanos > 0) {
      shutUntilNanos = until;
    }
    shut = true;
  }

  synchronized void open() {
    shut = false;
    notifyAll();
  }

  /** Wakes every waiter so it can look at its own stop condition. */
  synchronized void wakeAll() {
    notifyAll();
  }

  synchronized boolean isShut() {
    expire();
    return shut;
  }

  /**
   * Waits while the gate is shut. Returns true when it is open, false as soon as {@code stop}
   * says so (checked whenever {@link #wakeAll()} or {@link #open()} runs).
   */
  synchronized boolean awaitOpen(BooleanSupplier stop) throws InterruptedException {
    while (true) {
      if (stop.getAsBoolean()) {
        return false;
      }
      expire();
      if (!shut) {
        return true;
      }
      long waitNanos = shutUntilNanos - System.nanoTime();
      long ms = Math.max(1, waitNanos / 1_000_000);
      wait(ms);
    }
  }

  private void expire() {
    if (shut && shutUntilNanos - System.nanoTime() <= 0) {
      shut = false;
    }
  }
}
