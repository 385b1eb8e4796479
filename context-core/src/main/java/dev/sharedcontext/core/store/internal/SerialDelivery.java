package dev.sharedcontext.core.store.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time in the order they were offered, on whichever caller thread finds
 * nobody else draining: events are offered under a project's lock (so their order is the
 * version order) and run after it is released (so listeners never run under our lock).
 */
final class SerialDelivery {
  private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  void offer(Runnable task) {
    pending.add(task);
  }

  void drain() {
    // Re-check after releasing the flag: a task offered while we were finishing would
    // otherwise wait for the next commit.
    while (!pending.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        Runnable task;
        while ((task = pending.poll()) != null) {
          task.run();
        }
      } finally {
        draining.set(false);
      }
    }
  }
}
