package dev.sharedcontext.testing;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClientListener} that records every event, in the order the client delivered them, for
 * a test to take one by one, like MockWebServer's {@code takeRequest}:
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * SharedContextClient client = server.clientBuilder("p").listener(events).build();
 * events.takeEvent(ClientEvent.Connected.class);
 * ClientEvent.Update u = events.takeEvent(ClientEvent.Update.class);
 * events.assertNoMoreEvents();
 * }</pre>
 *
 * <p>Failures are {@link AssertionError}s naming what was expected and what came instead.
 * Thread-safe: the client records from its thread, the test takes from its own.
 */
public final class RecordingListener implements ClientListener {
  /** How long {@code takeEvent} waits when no timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final LinkedBlockingQueue<ClientEvent> queue = new LinkedBlockingQueue<>();
  private final List<ClientEvent> all = new ArrayList<>();
  private final Set<Class<? extends ClientEvent>> only;

  /** Records every event. */
  public RecordingListener() {
    this.only = Set.of();
  }

  private RecordingListener(Set<Class<? extends ClientEvent>> only) {
    this.only = only;
  }

  /** A listener that records only events of these types (e.g. updates, not connection events). */
  @SafeVarargs
  public static RecordingListener only(Class<? extends ClientEvent>... types) {
    if (types.length == 0) {
      throw new IllegalArgumentException("types must not be empty");
    }
    Set<Class<? extends ClientEvent>> set = new java.util.HashSet<>();
    for (Class<? extends ClientEvent> t : types) {
      set.add(Objects.requireNonNull(t, "type"));
    }
    return new RecordingListener(Set.copyOf(set));
  }

  /**
   * The next event, waiting up to {@link #DEFAULT_TIMEOUT}.
   *
   * @throws AssertionError if none arrives in time
   */
  public ClientEvent takeEvent() {
    return takeEvent(DEFAULT_TIMEOUT);
  }

  /** The next event, waiting up to {@code timeout}; an {@link AssertionError} if none arrives. */
  public ClientEvent takeEvent(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    ClientEvent e;
    try {
      e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for an event", ie);
    }
    if (e == null) {
      throw new AssertionError("no event within " + timeout + "; received so far: " + events());
    }
    return e;
  }

  /** The next event, which must be a {@code type}; waits up to {@link #DEFAULT_TIMEOUT}. */
  public <T extends ClientEvent> T takeEvent(Class<T> type) {
    return takeEvent(type, DEFAULT_TIMEOUT);
  }

  /** The next event, which must be a {@code type}; an {@link AssertionError} otherwise. */
  public <T extends ClientEvent> T takeEvent(Class<T> type, Duration timeout) {
    Objects.requireNonNull(type, "type");
    ClientEvent e = takeEvent(timeout);
    if (!type.isInstance(e)) {
      throw new AssertionError("expected " + type.getSimpleName() + " but the next event was " + e);
    }
    return type.cast(e);
  }

  /**
   * The next {@code type}, skipping (and dropping) any other events before it, waiting up to
   * {@code timeout} in all. For waiting out reconnects whose exact event count does not matter.
   */
  public <T extends ClientEvent> T awaitEvent(Class<T> type, Duration timeout) {
    Objects.requireNonNull(type, "type");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; received so far: " + events());
      }
      ClientEvent e = takeEvent(Duration.ofNanos(left));
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
  }

  /**
   * Takes events until one leaves the client's cache at {@code version} or later (a snapshot, an
   * update or a resync) and returns that one, waiting up to {@code timeout} in all. For when how a
   * version arrives does not matter: the first version of a new project, for one, may come as an
   * update based on 0 or as a snapshot.
   */
  public ClientEvent awaitVersion(long version, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      ClientEvent e;
      try {
        e = left <= 0 ? null : takeEvent(Duration.ofNanos(left));
      } catch (AssertionError timedOut) {
        e = null;
      }
      if (e == null) {
        throw new AssertionError("version " + version + " not reached within " + timeout + "; received so far: "
            + events());
      }
      if (versionOf(e) >= version) {
        return e;
      }
    }
  }

  /** The version the cache holds after {@code e}, or 0 for an event that does not move it. */
  static long versionOf(ClientEvent e) {
    if (e instanceof ClientEvent.Snapshot s) {
      return s.version();
    } else if (e instanceof ClientEvent.Update u) {
      return u.version();
    } else if (e instanceof ClientEvent.Resynced r) {
      return r.toVersion();
    }
    return 0;
  }

  /** Fails if an event was received and not taken yet. Checks now; see {@link #assertNoMoreEvents(Duration)}. */
  public void assertNoMoreEvents() {
    ClientEvent e = queue.peek();
    if (e != null) {
      throw new AssertionError("expected no more events but " + queue.size() + " remain, the next: " + e);
    }
  }

  /** Fails if an event is waiting or arrives within {@code quietPeriod}. */
  public void assertNoMoreEvents(Duration quietPeriod) {
    Objects.requireNonNull(quietPeriod, "quietPeriod");
    ClientEvent e;
    try {
      e = queue.poll(quietPeriod.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while checking for events", ie);
    }
    if (e != null) {
      throw new AssertionError("expected no more events within " + quietPeriod + " but received " + e);
    }
  }

  /** Every event recorded so far, taken or not, in order. */
  public List<ClientEvent> events() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Events received and not taken yet. */
  public int pending() {
    return queue.size();
  }

  private void record(ClientEvent e) {
    if (!only.isEmpty() && !only.contains(e.getClass())) {
      return;
    }
    synchronized (all) {
      all.add(e);
    }
    queue.add(e);
  }

  @Override
  public void onSnapshot(long version, ContextDocument context) {
    record(new ClientEvent.Snapshot(version, context));
  }

  @Override
  public void onUpdate(long version, Patch patch, String agentId, long tokensSaved) {
    record(new ClientEvent.Update(version, patch, agentId, tokensSaved));
  }

  @Override
  public void onConnected() {
    record(new ClientEvent.Connected());
  }

  @Override
  public void onDisconnected(Throwable cause) {
    record(new ClientEvent.Disconnected(cause));
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    record(new ClientEvent.Reconnecting(attempt, delay));
  }

  @Override
  public void onResynced(long fromVersion, long toVersion) {
    record(new ClientEvent.Resynced(fromVersion, toVersion));
  }

  @Override
  public void onDeleted() {
    record(new ClientEvent.Deleted());
  }

  @Override
  public void onError(ContextException error) {
    record(new ClientEvent.Error(error));
  }
}
