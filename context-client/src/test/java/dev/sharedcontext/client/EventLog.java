package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records a client's cache events and lets a test wait for a version without polling. Checks the
 * listener contract: every update follows the version before it, no version is updated to twice.
 */
final class EventLog implements ClientListener {
  record Event(String type, long version) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Event> events = new ArrayList<>();
  private long version;
  private int connects;
  private int disconnects;

  @Override
  public void onSnapshot(long v, ContextDocument context) {
    record("snapshot", v);
  }

  @Override
  public void onUpdate(long v, Patch patch, String agentId, long tokensSaved) {
    record("update", v);
  }

  @Override
  public void onResynced(long fromVersion, long toVersion) {
    record("resynced", toVersion);
  }

  @Override
  public void onDeleted() {
    record("deleted", 0);
  }

  @Override
  public void onConnected() {
    lock.lock();
    try {
      connects++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onDisconnected(Throwable cause) {
    lock.lock();
    try {
      disconnects++;
    } finally {
      lock.unlock();
    }
  }

  private void record(String type, long v) {
    lock.lock();
    try {
      events.add(new Event(type, v));
      version = v;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the events reached version {@code v} (or later). */
  void awaitVersion(long v, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (version < v) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("version " + v + " not reached within " + timeout + "; at " + version);
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code n} connections opened. */
  void awaitConnects(int n, Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long left = timeout.toNanos();
      while (connects < n) {
        if (left <= 0) {
          throw new AssertionError(n + " connects not reached within " + timeout + "; " + connects);
        }
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  long version() {
    lock.lock();
    try {
      return version;
    } finally {
      lock.unlock();
    }
  }

  List<Event> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  long count(String type) {
    return events().stream().filter(e -> e.type().equals(type)).count();
  }

  int disconnects() {
    lock.lock();
    try {
      return disconnects;
    } finally {
      lock.unlock();
    }
  }

  /** Every update is the successor of the version before it; no version is updated to twice. */
  void assertContiguous() {
    long last = 0;
    Set<Long> updated = new HashSet<>();
    for (Event e : events()) {
      if (e.type().equals("update")) {
        assertThat(e.version()).as("update after version %d", last).isEqualTo(last + 1);
        assertThat(updated.add(e.version())).as("update %d seen twice", e.version()).isTrue();
      }
      last = e.version();
    }
  }
}
