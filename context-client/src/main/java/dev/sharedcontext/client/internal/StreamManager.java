package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.internal.ws.WebSocketConfig;
import dev.sharedcontext.client.internal.ws.WebSocketConnection;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one stream open: connects from the cached version, and when a connection ends,
 * reconnects after the backoff's delay (the attempt count resets once the feed finds an open
 * connection good, see {@link StreamFeed#bind}),
 * pings an idle stream and drops a silent one. {@link #close()} disarms all of it.
 *
 * <p>Every transition runs on the client's state lane, in order with the messages.
 */
final class StreamManager implements StreamSession.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

  private final Executor sender;
  private final ClientOptions options;
  private final StreamFeed feed;
  private final SerialExecutor lane;
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;
  private volatile StreamSession current;
  private volatile boolean open;
  private volatile ScheduledFuture<?> reconnect;
  private volatile ScheduledFuture<?> pinger;
  private boolean awaitingResume;
  private int attempt;

  StreamManager(Executor sender, ClientOptions options, StreamFeed feed, SerialExecutor lane,
      ScheduledExecutorService scheduler) {
    this.sender = sender;
    this.options = options;
    this.feed = feed;
    this.lane = lane;
    this.scheduler = scheduler;
    feed.bind(this::drop, this::resume, this::healthy);
  }

  void start() {
    lane.execute(this::connect);
    // Checked twice per interval, so a dead stream is dropped between two and two and a half intervals.
    long check = options.pingInterval().toNanos() / 2;
    if (check > 0) {
      pinger = scheduler.scheduleWithFixedDelay(() -> onLane(this::checkIdle), check, check, TimeUnit.NANOSECONDS);
    }
  }

  /** True while a connection is open. */
  boolean isOpen() {
    return open;
  }

  private void connect() {
    reconnect = null;
    if (closed) {
      return;
    }
    long from = feed.resumeVersion();
    StreamSession session = new StreamSession(from, this, sender);
    current = session;
    awaitingResume = false;
    if (closed) {
      session.end(null); // close() may have read current before it was set; see its order of steps
      return;
    }
    try {
      WebSocketConfig config = new WebSocketConfig(options.connectTimeout(), options.authToken(),
          options.maxResponseBytes(), options.streamCompression(), Threads.PREFIX + options.projectId() + "-stream");
      session.attach(WebSocketConnection.open(uri(from), config, session));
    } catch (RuntimeException e) {
      session.end(e);
    }
  }

  URI uri(long from) {
    String base = options.uri().toString().replaceFirst("^http", "ws");
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    StringBuilder u = new StringBuilder(base).append("/context/").append(options.projectId()).append("/stream");
    char sep = '?';
    if (!options.agentId().isEmpty()) {
      u.append(sep).append("agentId=").append(URLEncoder.encode(options.agentId(), StandardCharsets.UTF_8));
      sep = '&';
    }
    if (!feed.query().isEmpty()) {
      u.append(sep).append(feed.query());
      sep = '&';
    }
    if (from > 0) {
      u.append(sep).append("fromVersion=").append(from);
    }
    return URI.create(u.toString());
  }

  @Override
  public void opened(StreamSession session) {
    onLane(() -> {
      if (session != current || closed) {
        session.abort(null);
        return;
      }
      open = true;
      LOG.debug("{} open from version {} ({})", feed.name(), session.fromVersion(),
          session.connection().isCompressed() ? session.connection().extensions() : "uncompressed");
      feed.connected();
    });
  }

  @Override
  public void message(StreamSession session, String text) {
    onLane(() -> {
      if (session != current || closed) {
        return;
      }
      if (feed.message(session, text)) {
        session.requestNext();
      } else {
        awaitingResume = true;
      }
    });
  }

  @Override
  public void ended(StreamSession session, Throwable cause) {
    onLane(() -> {
      if (session != current) {
        return;
      }
      current = null;
      boolean wasOpen = open;
      open = false;
      if (closed) {
        feed.ended(false, cause); // a close of ours is no disconnection to report
        return;
      }
      if (wasOpen) {
        LOG.debug("{} ended: {}", feed.name(), cause == null ? "closed by the server" : cause);
      }
      feed.ended(wasOpen, cause);
      scheduleReconnect(cause);
    });
  }

  private void scheduleReconnect(Throwable cause) {
    attempt++;
    if (!options.backoff().allows(attempt)) {
      feed.gaveUp(new ConnectionException(feed.name() + " not reconnected after "
          + (attempt - 1) + " attempts", cause));
      return;
    }
    RandomGenerator random = options.random() != null ? options.random() : ThreadLocalRandom.current();
    Duration delay = options.backoff().delay(attempt, random);
    LOG.debug("{}: reconnect attempt {} in {}", feed.name(), attempt, delay);
    feed.reconnecting(attempt, delay);
    try {
      reconnect = scheduler.schedule(() -> onLane(this::connect), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("reconnect not scheduled: the scheduler is shut down");
    }
    if (closed && reconnect != null) {
      reconnect.cancel(false); // close() ran between the check above and the schedule
    }
  }

  /** The feed found the open connection good: the next reconnect is the backoff's first attempt again. */
  private void healthy() {
    if (open && current != null) {
      attempt = 0;
    }
  }

  /** After a resync: read on where the stream paused. */
  private void resume() {
    StreamSession s = current;
    if (awaitingResume && s != null) {
      awaitingResume = false;
      s.requestNext();
    }
  }

  /** Drops the connection; reconnecting then resumes from the cached version. */
  private void drop(Throwable cause) {
    StreamSession s = current;
    if (s != null) {
      s.abort(cause);
    }
  }

  /**
   * The watchdog of an open stream: ping after one interval of silence, drop after two. Needed
   * beyond TCP: a peer can vanish without a FIN reaching us. Silence counts only while the stream is being read.
   */
  private void checkIdle() {
    StreamSession s = current;
    if (s == null || !open || awaitingResume) {
      return;
    }
    long interval = options.pingInterval().toNanos();
    long idle = System.nanoTime() - s.lastActivityNanos();
    if (idle > 2 * interval) {
      s.abort(new ContextTimeoutException("stream silent for " + Duration.ofNanos(idle), null));
    } else if (idle > interval) {
      s.ping();
    }
  }

  private void onLane(Runnable task) {
    try {
      lane.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("stream event dropped: the client is closed");
    }
  }

  /** Stops for good: no reconnect, no ping, the connection dropped. Any thread; idempotent. */
  void close() {
    closed = true;
    ScheduledFuture<?> r = reconnect;
    if (r != null) {
      r.cancel(false);
    }
    ScheduledFuture<?> p = pinger;
    if (p != null) {
      p.cancel(false);
    }
    StreamSession s = current;
    if (s != null) {
      s.abort(null);
    }
  }
}
