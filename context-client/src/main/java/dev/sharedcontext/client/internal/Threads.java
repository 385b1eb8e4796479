package dev.sharedcontext.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads a client starts when it is given none: daemon, named after the client. */
final class Threads {
  /** Every thread a client starts has a name beginning with this. */
  static final String PREFIX = "sharedcontext-client-";

  private Threads() {}

  static ThreadFactory factory(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, PREFIX + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One thread for reconnect and ping timers; cancelled timers are removed at once. */
  static ScheduledThreadPoolExecutor scheduler(String name) {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, factory(name + "-scheduler"));
    s.setRemoveOnCancelPolicy(true);
    s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return s;
  }

  /** A cached pool for HTTP, the stream and the lanes; idle threads die after 30 s. */
  static ExecutorService worker(String name) {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        factory(name + "-worker"));
  }
}
