package dev.sharedcontext.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.client.ContextChanges;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchFailedException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meaning of stream messages for the cache, and the resync when the stream and the cache
 * disagree: a gap ({@code baseVersion} is not the cached version) catches up with
 * {@code GET ?since=N}; a hash mismatch too, and if the caught-up document still mismatches,
 * with the whole head. While a resync runs, messages are held and no more are read.
 *
 * <p>Lane-confined: every method runs on the client's state lane.
 */
final class StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);

  private record Held(StreamSession session, String text) {}

  private final String projectId;
  private final ContextCache cache;
  private final ContextApi api;
  private final Events events;
  private final HttpTransport http;
  private final SerialExecutor lane;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private Consumer<Throwable> dropConnection = cause -> { };
  private Runnable resume = () -> { };
  private volatile boolean resyncing;

  StreamHandler(String projectId, ContextCache cache, ContextApi api, Events events, HttpTransport http,
      SerialExecutor lane) {
    this.projectId = projectId;
    this.cache = cache;
    this.api = api;
    this.events = events;
    this.http = http;
    this.lane = lane;
  }

  /** What to do when a resync fails ({@code dropConnection}) and when it is done ({@code resume}). */
  void bind(Consumer<Throwable> dropConnection, Runnable resume) {
    this.dropConnection = dropConnection;
    this.resume = resume;
  }

  /** True while a resync is in flight: the cache is known to be behind. */
  boolean resyncing() {
    return resyncing;
  }

  /** Handles one message; false if the next one must wait until {@code resume} is called. */
  boolean message(StreamSession session, String text) {
    if (resyncing) {
      held.add(new Held(session, text));
      return false;
    }
    try {
      handle(session, Wire.parse(text));
    } catch (ContextException | IllegalArgumentException e) {
      // An unreadable or inconsistent message: report it, and let the hash-checked resync repair.
      LOG.debug("stream message of {} not applied: {}", projectId, e.toString());
      events.error(e instanceof ContextException c ? c
          : new ContextException("INVALID_RESPONSE", "unreadable stream message: " + e.getMessage(), e));
      startResync(true);
    }
    return !resyncing;
  }

  /** The session ended: what it left held is dropped (the next session resumes from the cache). */
  void disconnected() {
    held.clear();
  }

  private void handle(StreamSession session, JsonNode n) {
    switch (n.path("type").asText("")) {
      case "context_update" -> {
        ContextCache.Step step = cache.step(Wire.required(n, "baseVersion").asLong(), Wire.required(n, "version").asLong(),
            Patch.fromJson(Wire.required(n, "patch")), Wire.required(n, "hash").asText(), n.path("agentId").asText(""),
            n.path("tokensSaved").asLong(0), Wire.timestamp(n));
        if (step == ContextCache.Step.GAP || step == ContextCache.Step.MISMATCH) {
          LOG.debug("stream of {} at {}: {} at version {}; resyncing", projectId, cache.version(), step,
              n.path("version").asLong());
          startResync(false);
        }
      }
      case "context_snapshot" -> {
        long version = Wire.required(n, "version").asLong();
        // A session opened without a version may send a head older than one loaded over HTTP since.
        if (session.fromVersion() == 0 && version < cache.version()) {
          return;
        }
        cache.load(Wire.versioned(n, projectId));
      }
      case "context_deleted" -> cache.deleted();
      case "error" -> events.error(ErrorMapper.map(n.path("statusCode").asInt(400), n, -1));
      case "pong", "ack" -> { }
      default -> LOG.debug("stream message of unknown type ignored: {}", n.path("type"));
    }
  }

  /**
   * Catches up from the cached version; {@code whole} skips the delta (the cached document
   * itself is suspect).
   */
  private void startResync(boolean whole) {
    resyncing = true;
    long from = cache.version();
    CompletableFuture<ContextChanges> f = whole || from == 0
        ? api.head(0).thenApply(head -> toChanges(from, head.orElseThrow()))
        : api.since(from);
    f.whenComplete((changes, error) -> {
      try {
        lane.execute(() -> finishResync(from, changes, error));
      } catch (RuntimeException e) {
        LOG.debug("resync result dropped: the client is closing");
      }
    });
  }

  private void finishResync(long from, ContextChanges changes, Throwable error) {
    if (error != null) {
      ContextException e = http.translate(error);
      resyncing = false;
      held.clear();
      if (e instanceof NotFoundException) {
        cache.deleted();
      } else {
        events.error(e);
      }
      // Reconnecting resumes from the cached version: the server then sends what is missing.
      dropConnection.accept(e);
      return;
    }
    if (changes.isSnapshot()) {
      // Also when it is older than the cache: the server lost versions we saw (restarted empty).
      VersionedContext head = new VersionedContext(projectId, changes.currentVersion(), changes.snapshot(),
          changes.hash(), null);
      cache.load(head);
      cache.resynced(from, head);
    } else if (changes.currentVersion() > cache.version()) {
      if (cache.version() != from) {
        startResync(false); // an own commit moved the cache meanwhile: the delta no longer fits
        return;
      }
      ContextDocument document = applyOrNull(changes);
      if (document == null || !document.hash().equals(changes.hash())) {
        startResync(true); // the cached document itself is wrong: take the head whole
        return;
      }
      cache.resynced(from, new VersionedContext(projectId, changes.currentVersion(), document, changes.hash(), null));
    }
    resyncing = false;
    while (!held.isEmpty() && !resyncing) {
      Held h = held.poll();
      message(h.session(), h.text());
    }
    if (!resyncing) {
      resume.run();
    }
  }

  private ContextDocument applyOrNull(ContextChanges changes) {
    try {
      return changes.applyTo(cache.document());
    } catch (PatchFailedException e) {
      return null;
    }
  }

  private static ContextChanges toChanges(long from, VersionedContext head) {
    return new ContextChanges(head.projectId(), from, head.version(), head.hash(), null, head.document());
  }
}
