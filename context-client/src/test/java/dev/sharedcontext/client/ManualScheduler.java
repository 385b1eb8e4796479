package dev.sharedcontext.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time moves only when a test says so: timers are recorded with their delays
 * and run by {@link #runNext()}. Periodic timers are recorded but never run. Thread-safe.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  final class Task implements ScheduledFuture<Object> {
    final Runnable runnable;
    final Duration delay;
    private volatile boolean cancelled;
    private volatile boolean done;

    Task(Runnable runnable, Duration delay) {
      this.runnable = runnable;
      this.delay = delay;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delay);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      cancelled = true;
      done = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  private final List<Task> scheduled = new ArrayList<>();
  private boolean shutdown;

  /** Every one-shot delay asked for so far, in order. */
  synchronized List<Duration> delays() {
    return scheduled.stream().map(t -> t.delay).toList();
  }

  /** One-shot timers neither run nor cancelled. */
  synchronized long pending() {
    return scheduled.stream().filter(t -> !t.done).count();
  }

  /** The most recent one-shot timer. */
  synchronized Task last() {
    return scheduled.get(scheduled.size() - 1);
  }

  /** Runs the oldest pending timer on the calling thread; false if there is none. */
  boolean runNext() {
    Task next;
    synchronized (this) {
      next = scheduled.stream().filter(t -> !t.done).findFirst().orElse(null);
      if (next == null) {
        return false;
      }
      next.done = true;
    }
    next.runnable.run();
    return true;
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task t = new Task(command, Duration.ofNanos(unit.toNanos(delay)));
    scheduled.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return new Task(command, Duration.ofNanos(unit.toNanos(period)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return new Task(command, Duration.ofNanos(unit.toNanos(delay)));
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}
