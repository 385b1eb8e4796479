package dev.sharedcontext.redis.internal;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of every instance's commits: the commit and delete scripts announce each
 * version on a pub/sub channel; one thread takes the announcements in order and has the
 * {@link Follower} read what it misses from the streams (XRANGE) and call the listeners. Pub/sub
 * may drop messages while a connection is down, so a sweep, run every interval and after every
 * re-subscription, compares each followed project with its head (and finds expired ones).
 */
final class ChangeFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private sealed interface Event permits Committed, Deleted, Sweep, Stop {}

  private record Committed(String projectId, String incarnation, long version, String nonce) implements Event {}

  private record Deleted(String projectId, String incarnation) implements Event {}

  private record Sweep() implements Event {}

  private record Stop() implements Event {}

  private final RedisAccess redis;
  private final Keys keys;
  private final Follower follower;
  private final long sweepNanos;
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean subscribedOnce = new AtomicBoolean();
  private final Thread thread;

  ChangeFeed(RedisAccess redis, Keys keys, Follower follower, Deliveries deliveries, Duration sweepInterval) {
    this.redis = redis;
    this.keys = keys;
    this.follower = follower;
    this.sweepNanos = sweepInterval.toNanos();
    this.thread = new Thread(this::run, "sharedcontext-redis-feed-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    deliveries.feedThread(thread);
  }

  /** Subscribes (confirmed before this returns, so no later commit is missed) and starts the thread. */
  void start() {
    redis.pubsub().addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        Event e = parse(message);
        if (e != null) {
          queue.add(e);
        }
      }

      @Override
      public void subscribed(String channel, long count) {
        if (subscribedOnce.getAndSet(true)) {
          log.debug("feed re-subscribed to {}: sweeping for what was missed", channel);
          queue.add(new Sweep());
        }
      }
    });
    RedisAccess.call(() -> {
      redis.pubsub().sync().subscribe(keys.channel());
      return null;
    });
    thread.start();
  }

  private static Event parse(String message) {
    String[] f = message.split(" ");
    try {
      if (f.length == 5 && f[0].equals("c")) {
        return new Committed(f[1], f[2], Long.parseLong(f[3]), f[4]);
      }
      if (f.length == 3 && f[0].equals("d")) {
        return new Deleted(f[1], f[2]);
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    log.warn("ignoring an unknown feed message: {}", message);
    return null;
  }

  private void run() {
    long nextSweep = System.nanoTime() + sweepNanos;
    while (true) {
      Event event;
      try {
        event = queue.poll(Math.max(0, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event instanceof Stop) {
        return;
      }
      try {
        if (event instanceof Committed c) {
          follower.committed(c.projectId(), c.incarnation(), c.version(), c.nonce());
        } else if (event instanceof Deleted d) {
          follower.deletedAnnounced(d.projectId(), d.incarnation());
        }
        if (event instanceof Sweep || System.nanoTime() - nextSweep >= 0) {
          sweep();
          nextSweep = System.nanoTime() + sweepNanos;
        }
      } catch (RuntimeException e) {
        // Redis unreachable, most likely: what was not delivered is caught up by a later
        // announcement or sweep, since the cursors only move on delivery.
        log.warn("change feed: {} failed; will catch up later", event == null ? "sweep" : event, e);
      }
    }
  }

  private void sweep() {
    List<Map.Entry<String, Follower.Tracked>> followed = new ArrayList<>(follower.tracked.entrySet());
    List<RedisFuture<List<Object>>> probes = new ArrayList<>(followed.size());
    for (Map.Entry<String, Follower.Tracked> e : followed) {
      probes.add(redis.async().evalsha(Script.PROBE.sha, ScriptOutputType.MULTI,
          new String[] {keys.head(e.getKey()), keys.tombstone(e.getKey())}));
    }
    for (int i = 0; i < followed.size(); i++) {
      String projectId = followed.get(i).getKey();
      Follower.Tracked t = followed.get(i).getValue();
      List<Object> probe = await(probes.get(i), projectId);
      String version = (String) probe.get(0);
      String incarnation = (String) probe.get(1);
      if (version == null) {
        follower.vanished(projectId, t, (String) probe.get(2));
        continue;
      }
      if (t.incarnation != null) {
        if (!t.incarnation.equals(incarnation)) {
          follower.replaced(projectId, t, incarnation);
        }
        follower.catchUp(projectId, t, Long.parseLong(version));
      }
      if (!t.active) {
        t.document = null; // idle since the last sweep: rebuilt if it is ever needed again
      }
      t.active = false;
    }
  }

  private List<Object> await(RedisFuture<List<Object>> probe, String projectId) {
    try {
      return RedisAccess.call(() -> {
        try {
          return probe.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      });
    } catch (RuntimeException e) {
      // NOSCRIPT (first use, or Redis restarted) or a lost connection: ask again, loading the script.
      return redis.eval(Script.PROBE, ScriptOutputType.MULTI,
          new String[] {keys.head(projectId), keys.tombstone(projectId)});
    }
  }

  @Override
  public void close() {
    queue.add(new Stop());
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
