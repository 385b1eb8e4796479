package dev.sharedcontext.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.WindowListener;
import dev.sharedcontext.client.WindowSubscription;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window subscription: the stream {@code ?budget=N} ({@code window_snapshot}, then one
 * {@code window_update} per version), its window kept by applying each patch to the wire
 * object of the last window and checking the SHA-256 of the canonical result against the
 * server's {@code hash}. A gap ({@code baseVersion} is not the version held), a patch that does
 * not apply or a mismatch drop the connection and start over without {@code fromVersion}, so
 * that the server sends the window whole; any other reconnect resumes from the version held.
 * Each start-over is reported to {@link WindowListener#onError} (code {@code WINDOW_RESYNC} for
 * a gap or a mismatch).
 *
 * <p>Backoff: the attempt count starts again only once a connection has proved good, i.e. when
 * it resumes from a window held (a connection with {@code fromVersion} opens) or when it
 * delivers a hash-checked window other than the snapshot that answers a start-over. So a server
 * whose windows keep failing the check, be it the snapshot or the first update after it, is
 * reconnected to after ever longer delays ({@code ClientOptions.backoff()}), not in a tight loop.
 *
 * <p>The stream's methods run on its manager's lane; the accessors read volatile fields.
 */
final class WindowFeed implements StreamFeed, WindowSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(WindowFeed.class);

  private final String projectId;
  private final int budget;
  private final String query;
  private final WindowListener listener;
  private final SerialExecutor events;
  private final Consumer<WindowFeed> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile StreamManager manager;
  private volatile Window window;
  private ContextDocument wire;
  private boolean restart;
  private Consumer<Throwable> dropConnection = cause -> { };
  private Runnable healthy = () -> { };

  WindowFeed(ClientOptions options, int budget, WindowListener listener, Executor executor,
      Consumer<WindowFeed> onClose) {
    this.projectId = options.projectId();
    this.budget = budget;
    this.query = "budget=" + budget + "&encoding="
        + URLEncoder.encode(options.tokenEncoding().wireName(), StandardCharsets.UTF_8);
    this.listener = listener;
    this.events = new SerialExecutor(executor, "window-events");
    this.onClose = onClose;
  }

  /** Starts the stream through {@code m}, which was made for this feed. */
  void start(StreamManager m) {
    manager = m;
    m.start();
  }

  @Override
  public int budget() {
    return budget;
  }

  @Override
  public Optional<Window> window() {
    return Optional.ofNullable(window);
  }

  @Override
  public long version() {
    Window w = window;
    return w == null ? 0 : w.version();
  }

  @Override
  public boolean isConnected() {
    StreamManager m = manager;
    return m != null && m.isOpen();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      StreamManager m = manager;
      if (m != null) {
        m.close();
      }
      onClose.accept(this);
    }
  }

  @Override
  public String name() {
    return "window " + budget + " of " + projectId;
  }

  @Override
  public long resumeVersion() {
    return restart || wire == null ? 0 : version();
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public void bind(Consumer<Throwable> dropConnection, Runnable resume, Runnable healthy) {
    this.dropConnection = dropConnection; // never paused: nothing here waits for a request
    this.healthy = healthy;
  }

  @Override
  public boolean message(StreamSession session, String text) {
    try {
      JsonNode n = Wire.parse(text);
      switch (n.path("type").asText("")) {
        case "window_snapshot" -> snapshot(n);
        case "window_update" -> update(n);
        case "context_deleted" -> {
          wire = null;
          window = null;
          fire(WindowListener::onDeleted);
        }
        case "error" -> {
          ContextException e = ErrorMapper.map(n.path("statusCode").asInt(400), n, -1);
          fire(l -> l.onError(e));
        }
        default -> LOG.debug("{}: message of type {} ignored", name(), n.path("type"));
      }
    } catch (ContextException | IllegalArgumentException e) {
      ContextException c = e instanceof ContextException x ? x
          : new ContextException("INVALID_RESPONSE", "unreadable window message: " + e.getMessage(), e);
      startOver(c);
    }
    return true;
  }

  private void snapshot(JsonNode n) {
    ContextDocument doc = ContextDocument.of(Wire.required(n, "window"));
    if (!doc.hash().equals(Wire.required(n, "hash").asText())) {
      startOver(resync("the snapshot of version " + Wire.required(n, "version").asLong() + " does not match its hash"));
      return;
    }
    hold(doc);
  }

  private void update(JsonNode n) {
    long base = Wire.required(n, "baseVersion").asLong();
    long next = Wire.required(n, "version").asLong();
    if (wire == null || restart || base != version()) {
      startOver(resync("a gap: update " + base + "->" + next + " onto " + version()));
      return;
    }
    ContextDocument doc = Patch.fromJson(Wire.required(n, "patch")).apply(wire);
    if (!doc.hash().equals(Wire.required(n, "hash").asText())) {
      startOver(resync("the window of version " + next + " does not match its hash"));
      return;
    }
    hold(doc);
  }

  private void hold(ContextDocument doc) {
    Window w = Wire.window(doc.toJsonNode());
    if (!restart) {
      // Not the snapshot that answers a start-over: the one after it may fail again, as may every
      // later snapshot; only a window that goes on from a verified one proves the stream good.
      healthy.run();
    }
    wire = doc;
    window = w;
    restart = false;
    fire(l -> l.onWindow(w));
  }

  private ContextException resync(String reason) {
    return new ContextException("WINDOW_RESYNC", name() + ": " + reason + "; starting over");
  }

  /** Reports {@code error}, and drops the connection; the next one asks for the window whole. */
  private void startOver(ContextException error) {
    LOG.debug("{} at version {}: {}", name(), version(), error.getMessage());
    restart = true;
    fire(l -> l.onError(error));
    dropConnection.accept(error);
  }

  @Override
  public void connected() {
    if (!restart && wire != null) {
      healthy.run(); // resumes from a window held and verified
    }
    fire(WindowListener::onConnected);
  }

  @Override
  public void ended(boolean wasOpen, Throwable cause) {
    if (wasOpen) {
      fire(l -> l.onDisconnected(cause));
    }
  }

  @Override
  public void reconnecting(int attempt, Duration delay) {
    // The listener hears of the disconnection; the attempts are the client's backoff's business.
  }

  @Override
  public void gaveUp(ContextException error) {
    fire(l -> l.onError(error));
  }

  private void fire(Consumer<WindowListener> event) {
    if (closed.get()) {
      return;
    }
    try {
      events.execute(() -> {
        if (closed.get()) {
          return;
        }
        try {
          event.accept(listener);
        } catch (RuntimeException e) {
          LOG.warn("window listener {} threw", listener, e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("window event dropped: the executor is shut down");
    }
  }
}
