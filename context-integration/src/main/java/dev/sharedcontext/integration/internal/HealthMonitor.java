package dev.sharedcontext.integration.internal;

import dev.sharedcontext.integration.HealthEvent;
import dev.sharedcontext.integration.HealthState;
import dev.sharedcontext.integration.HealthStatus;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code /health} every interval on its own daemon thread and reports state changes (UP,
 * DEGRADED, DOWN) to the listeners. {@link #checkNow()} runs a check on the caller's thread, for
 * a caller that wants an answer now (and for tests, which never wait for the clock).
 */
public final class HealthMonitor implements AutoCloseable {
  /** The monitor thread's name. */
  public static final String THREAD_NAME = "sharedcontext-integration-health";
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final HealthProbe probe;
  private final Listeners listeners;
  private final ScheduledExecutorService scheduler;
  private HealthStatus last; // guarded by this

  /** A monitor whose last status is {@code initial}; checks every {@code interval} (none if zero). */
  public HealthMonitor(HealthProbe probe, HealthStatus initial, Duration interval, Listeners listeners) {
    this.probe = probe;
    this.listeners = listeners;
    this.last = initial;
    if (interval.isZero()) {
      this.scheduler = null;
    } else {
      this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, interval.toMillis());
      scheduler.scheduleWithFixedDelay(this::scheduledCheck, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** Checks now; listeners hear of a change before this returns. */
  public HealthStatus checkNow() {
    HealthStatus status = probe.check();
    HealthState previous;
    synchronized (this) {
      previous = last.state();
      last = status;
    }
    if (previous != status.state()) {
      log.info("SharedContext server at {} is {} (was {}){}", status.server(), status.state(), previous,
          status.error().isEmpty() ? "" : ": " + status.error());
      listeners.healthChanged(new HealthEvent(previous, status));
    }
    return status;
  }

  public synchronized HealthStatus last() {
    return last;
  }

  private void scheduledCheck() {
    try {
      checkNow();
    } catch (RuntimeException e) {
      log.warn("health check failed unexpectedly; the next one runs as planned", e);
    }
  }

  /** Stops the checks and the thread. Idempotent. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
