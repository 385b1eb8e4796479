package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.DeleteReason;
import dev.sharedcontext.core.store.internal.Listeners;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the feed knows of each project it follows, and the delivery of versions and deletions to
 * the listeners: each version once, in order. Everything here runs on the feed thread, except
 * {@link #watch}, which only adds an entry.
 */
final class Follower {
  private static final Logger log = LoggerFactory.getLogger(Follower.class);
  private static final int REMEMBERED_DELETES = 10_000;

  /** One followed project. {@code cursor} -1: no version seen yet (only watched). */
  static final class Tracked {
    String incarnation;
    long cursor = -1;
    ContextDocument document; // at cursor; null when unknown (rebuilt on demand)
    boolean active;
  }

  private final Reader reader;
  private final Listeners listeners;
  private final Deliveries deliveries;
  private final HeadCache heads;
  final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  /** The last incarnation of each project whose deletion was delivered, against doubles. */
  private final Map<String, String> deleted = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED_DELETES;
    }
  };

  Follower(Reader reader, Listeners listeners, Deliveries deliveries, HeadCache heads) {
    this.reader = reader;
    this.listeners = listeners;
    this.deliveries = deliveries;
    this.heads = heads;
  }

  /** Follows {@code projectId} for deletion and expiry from now on (a reader saw it). */
  void watch(String projectId) {
    tracked.computeIfAbsent(projectId, id -> new Tracked());
  }

  /** Version {@code version} of that incarnation was committed (by any instance) in the attempt {@code nonce}. */
  void committed(String projectId, String incarnation, long version, String nonce) {
    if (incarnation.equals(deleted.get(projectId))) {
      return; // a late announcement of an incarnation already gone
    }
    Tracked t = tracked.computeIfAbsent(projectId, id -> new Tracked());
    if (t.incarnation == null) {
      // First sight since this instance started: listeners get what comes from here on.
      t.incarnation = incarnation;
      t.cursor = version - 1;
      t.document = null;
    } else if (!t.incarnation.equals(incarnation)) {
      replaced(projectId, t, incarnation);
    }
    if (t.cursor == version - 1) {
      ContextChange local = deliveries.local(projectId, incarnation, version, nonce);
      if (local != null) {
        deliver(t, local); // this instance's own commit: nothing to read back
        return;
      }
    }
    catchUp(projectId, t, version);
  }

  /** The project was deleted and created again without this instance hearing of the deletion. */
  void replaced(String projectId, Tracked t, String incarnation) {
    if (!t.incarnation.equals(deleted.get(projectId))) {
      deliverDelete(projectId, t.incarnation, DeleteReason.DELETED);
    }
    t.incarnation = incarnation;
    t.cursor = 0;
    t.document = ContextDocument.empty();
  }

  /** Delivers every version after the cursor up to at least {@code version}. */
  void catchUp(String projectId, Tracked t, long version) {
    if (t.cursor >= version) {
      return;
    }
    long from = t.cursor + 1;
    View view = reader.follow(projectId, from, t.document == null);
    if (view == null || !view.incarnation().equals(t.incarnation)) {
      return; // gone or replaced: the deletion's announcement or the sweep will say so
    }
    if (view.entries().isEmpty() || view.entries().get(0).version() != from) {
      gap(projectId, t, view);
      return;
    }
    ContextDocument doc = t.document != null ? t.document : from == 1 ? ContextDocument.empty() : view.rebuild(from - 1);
    for (Records.Entry e : view.entries()) {
      ContextChange change = deliveries.local(projectId, t.incarnation, e.version(), e.nonce());
      if (change == null) {
        Patch forward = e.forward();
        doc = forward.apply(doc);
        change = new ContextChange(e.meta(), e.version() - 1, forward, doc);
      }
      doc = change.document();
      deliver(t, change);
    }
  }

  /** The versions after the cursor are no longer retained: one change from the cursor to the head. */
  private void gap(String projectId, Tracked t, View view) {
    if (view.document() == null) {
      view = reader.follow(projectId, 0, true);
      if (view == null || !view.incarnation().equals(t.incarnation)) {
        return;
      }
    }
    ContextDocument head = view.document();
    long previous = t.document != null ? t.cursor : 0;
    ContextDocument from = t.document != null ? t.document : ContextDocument.empty();
    log.warn("the feed of {} fell behind its retained history: versions {}..{} delivered as one change",
        projectId, t.cursor + 1, view.version());
    long firstMissed = t.cursor + 1;
    deliver(t, new ContextChange(view.meta(), previous, Patch.diff(from, head), head));
    for (long v = firstMissed; v < view.version(); v++) {
      deliveries.delivered(projectId, t.incarnation, v);
    }
  }

  private void deliver(Tracked t, ContextChange change) {
    listeners.commit(change);
    long version = change.version().version();
    t.cursor = version;
    t.document = change.document();
    t.active = true;
    heads.offer(change.projectId(), new CachedHead(t.incarnation, change.version(), change.document()));
    deliveries.delivered(change.projectId(), t.incarnation, version);
  }

  /** The incarnation was deleted (announced by the instance that deleted it). */
  void deletedAnnounced(String projectId, String incarnation) {
    Tracked t = tracked.get(projectId);
    if (t != null && (t.incarnation == null || t.incarnation.equals(incarnation))) {
      tracked.remove(projectId);
    }
    if (!incarnation.equals(deleted.get(projectId))) {
      deliverDelete(projectId, incarnation, DeleteReason.DELETED);
    }
    deliveries.deleteDelivered(projectId);
  }

  /** The sweep found no head; {@code tombstone} is the deleted incarnation if it was deleted. */
  void vanished(String projectId, Tracked t, String tombstone) {
    tracked.remove(projectId, t);
    String gone = t.incarnation != null ? t.incarnation : tombstone;
    if (gone != null && gone.equals(deleted.get(projectId))) {
      return;
    }
    boolean wasDeleted = tombstone != null && (t.incarnation == null || tombstone.equals(t.incarnation));
    deliverDelete(projectId, gone, wasDeleted ? DeleteReason.DELETED : DeleteReason.EXPIRED);
  }

  private void deliverDelete(String projectId, String incarnation, DeleteReason reason) {
    if (incarnation != null) {
      deleted.put(projectId, incarnation);
    }
    heads.invalidate(projectId, incarnation);
    listeners.delete(projectId, reason);
  }
}
