package dev.sharedcontext.client.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor of any size: the
 * client's "lanes" (cache state, listener events). A lane never holds a thread while it is
 * idle, so it can share the HTTP executor without starving it.
 *
 * <p>A task that throws is logged and does not stop the lane. Thread-safe.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final String name;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor delegate, String name) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The delegate is shut down (the client is closing): nothing will run on this lane again.
      synchronized (tasks) {
        tasks.clear();
        running = false;
      }
      throw e;
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (tasks) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.warn("task on the {} lane failed", name, e);
        if (e instanceof VirtualMachineError) {
          throw e;
        }
      }
    }
  }
}
