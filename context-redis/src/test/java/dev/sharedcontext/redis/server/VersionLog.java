package dev.sharedcontext.redis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.client.ClientListener;
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
 * A client's cache events, and waits for a version without polling. {@link #assertContiguous}
 * checks the feed contract: every update follows the version before it, none comes twice.
 */
final class VersionLog implements ClientListener {
  record Event(String type, long version) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Event> events = new ArrayList<>();
  private long version;
  private int connects;

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

  /** True once the cache holds version {@code v} or later; false if that takes longer than {@code timeout}. */
  boolean reached(long v, Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (version < v) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the cache holds version {@code v} or later. */
  void awaitVersion(long v, Duration timeout) throws InterruptedException {
    if (!reached(v, timeout)) {
      throw new AssertionError("version " + v + " not reached within " + timeout + "; at " + version());
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

  int connects() {
    lock.lock();
    try {
      return connects;
    } finally {
      lock.unlock();
    }
  }

  long count(String type) {
    lock.lock();
    try {
      return events.stream().filter(e -> e.type().equals(type)).count();
    } finally {
      lock.unlock();
    }
  }

  /** Every update is the successor of the version before it; no version is updated to twice. */
  void assertContiguous() {
    List<Event> copy;
    lock.lock();
    try {
      copy = List.copyOf(events);
    } finally {
      lock.unlock();
    }
    long last = 0;
    Set<Long> updated = new HashSet<>();
    for (Event e : copy) {
      if (e.type().equals("update")) {
        assertThat(e.version()).as("update after version %d", last).isEqualTo(last + 1);
        assertThat(updated.add(e.version())).as("update %d seen twice", e.version()).isTrue();
      }
      last = e.version();
    }
  }
}
