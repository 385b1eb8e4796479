package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.internal.InternalAccess;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.ProjectSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One project of the memory store: its head document and the records of its retained versions,
 * oldest first, each holding the inverse patch back to its predecessor (not a full copy), and
 * every {@link #CHECKPOINT_INTERVAL}-th version's document whole, so that rebuilding an old
 * version applies at most that many inverses, however many versions are kept.
 *
 * <p>Guarded by {@link #lock}; fields read without it are volatile snapshots for weighing.
 */
final class ProjectState implements CommitPlanner.Past {
  private static final int OVERHEAD_BYTES = 512;
  /**
   * Versions between two kept documents. Rebuilding an old version took every inverse from the
   * head down (20.7 ms for a catch-up from the oldest of 10,000 versions of a 100 KB context, on
   * the thread that asks: an event loop for a subscriber's catch-up); from the nearest checkpoint
   * at or after it, fewer than this many (1.1-1.6 ms there). A checkpoint shares every subtree
   * its version has in common with the versions around it and holds alone only the values
   * replaced since (0.06 MB more of 9.6 MB there). At the default retention (1,000 versions) a
   * project holds at most one, and the traces of the history-memory benchmark (under 300 versions)
   * none.
   */
  static final int CHECKPOINT_INTERVAL = 1024;

  final String projectId;
  final ReentrantLock lock = new ReentrantLock();
  final SerialDelivery delivery = new SerialDelivery();

  private final ArrayDeque<VersionRecord> records = new ArrayDeque<>();
  private ContextDocument head;
  /** Documents of retained versions that are multiples of {@link #CHECKPOINT_INTERVAL}, by version. */
  private final TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
  /** Their canonical sizes summed: weighed as if they held all of it alone (an upper bound). */
  private long checkpointBytes;
  /** The forward patch into the head, kept so the common catch-up (one version behind) is free. */
  private Patch lastPatch;
  private long historyBytes;
  private boolean removed;
  private volatile int weight = OVERHEAD_BYTES;

  ProjectState(String projectId) {
    this.projectId = projectId;
  }

  // All methods below require the lock.

  boolean isRemoved() {
    return removed;
  }

  void markRemoved() {
    removed = true;
  }

  boolean exists() {
    return head != null;
  }

  @Override
  public long headVersion() {
    return records.isEmpty() ? 0 : records.peekLast().version();
  }

  @Override
  public long oldestVersion() {
    return records.isEmpty() ? 0 : records.peekFirst().version();
  }

  @Override
  public ContextDocument headDocument() {
    return head == null ? ContextDocument.empty() : head;
  }

  @Override
  public ContextVersion headMeta() {
    return records.peekLast().meta();
  }

  @Override
  public ContextDocument documentAt(long version) {
    return rebuildOf(version).document();
  }

  ContextSnapshot headSnapshot() {
    return new ContextSnapshot(records.peekLast().meta(), head);
  }

  Patch lastPatch() {
    return lastPatch;
  }

  ProjectSummary summary() {
    return new ProjectSummary(records.peekLast().meta(), oldestVersion(), historyBytes);
  }

  /**
   * How to rebuild {@code version} outside the lock: from the nearest checkpoint at or after it,
   * else from the head.
   */
  Rebuild rebuildOf(long version) {
    long headVersion = headVersion();
    if (version < 1 || version > headVersion || head == null) {
      throw new NotFoundException("project " + projectId + " has no version " + version
          + (head == null ? "" : " (head is " + headVersion + ")"));
    }
    if (version < oldestVersion()) {
      throw new CompactedException(version, oldestVersion());
    }
    Map.Entry<Long, Checkpoint> checkpoint = checkpoints.ceilingEntry(version);
    long start = checkpoint == null ? headVersion : checkpoint.getKey();
    List<Patch> inverses = new ArrayList<>();
    Iterator<VersionRecord> it = records.descendingIterator();
    while (it.hasNext()) {
      VersionRecord r = it.next();
      if (r.version() <= version) {
        break;
      }
      if (r.version() <= start) {
        inverses.add(r.inverse());
      }
    }
    return new Rebuild(checkpoint == null ? head : checkpoint.getValue().document(), inverses);
  }

  ContextVersion meta(long version) {
    for (Iterator<VersionRecord> it = records.descendingIterator(); it.hasNext(); ) {
      VersionRecord r = it.next();
      if (r.version() == version) {
        return r.meta();
      }
    }
    throw new IllegalStateException("no record of version " + version);
  }

  /**
   * The paths changed after {@code baseVersion}, or null if the records no longer reach back
   * far enough to tell.
   */
  @Override
  public Set<JsonPointer> changedSince(long baseVersion) {
    if (baseVersion + 1 < oldestVersion()) {
      return null;
    }
    Set<JsonPointer> changed = new LinkedHashSet<>();
    for (Iterator<VersionRecord> it = records.descendingIterator(); it.hasNext(); ) {
      VersionRecord r = it.next();
      if (r.version() <= baseVersion) {
        break;
      }
      changed.addAll(r.changedPaths());
    }
    return changed;
  }

  List<ContextVersion> history(int limit, long beforeVersion) {
    List<ContextVersion> out = new ArrayList<>(Math.min(limit, records.size()));
    for (Iterator<VersionRecord> it = records.descendingIterator(); it.hasNext() && out.size() < limit; ) {
      VersionRecord r = it.next();
      if (r.version() < beforeVersion) {
        out.add(r.meta());
      }
    }
    return out;
  }

  /**
   * Makes {@code document} the head as {@code meta}, recording the patch into it and the
   * {@code inverse} back to the old head.
   */
  void append(ContextVersion meta, ContextDocument document, Patch forward, Patch inverse,
      Set<JsonPointer> changedPaths, int maxVersions, long maxHistoryBytes) {
    long patchBytes = inverse == null ? 0 : PatchSizes.estimate(inverse) + PatchSizes.estimate(forward);
    records.addLast(inverse == null ? new VersionRecord(meta, null, null, changedPaths, 0)
        : new VersionRecord(meta, forward, inverse, changedPaths, patchBytes));
    historyBytes += patchBytes;
    head = document;
    lastPatch = forward;
    if (meta.version() % CHECKPOINT_INTERVAL == 0) {
      // The tree alone, without the caches the head keeps (canonical bytes, token figures).
      Checkpoint c = new Checkpoint(InternalAccess.wrap(InternalAccess.tree(document)), document.sizeBytes());
      checkpoints.put(meta.version(), c);
      checkpointBytes += c.sizeBytes();
    }
    trim(maxVersions, maxHistoryBytes);
    weight = (int) Math.min(Integer.MAX_VALUE, OVERHEAD_BYTES + (long) document.sizeBytes() + historyBytes
        + checkpointBytes + 64L * records.size());
  }

  private void trim(int maxVersions, long maxHistoryBytes) {
    while (records.size() > 1 && (records.size() > maxVersions || historyBytes > maxHistoryBytes)) {
      historyBytes -= records.pollFirst().patchBytes();
      // The new oldest version is readable but nothing before it is: its patches are dead weight.
      VersionRecord oldest = records.pollFirst();
      historyBytes -= oldest.patchBytes();
      records.addFirst(oldest.asOldest());
    }
    while (!checkpoints.isEmpty() && checkpoints.firstKey() < oldestVersion()) {
      checkpointBytes -= checkpoints.pollFirstEntry().getValue().sizeBytes();
    }
  }

  /**
   * The forward patches and records of the versions after {@code version}, oldest first, at most
   * {@code limit}, to be applied outside the lock; see {@link dev.sharedcontext.core.store.ContextStore#changes}.
   */
  List<VersionRecord> recordsAfter(long version, int limit) {
    long headVersion = headVersion();
    if (head == null || version < 0 || version > headVersion) {
      throw new NotFoundException("project " + projectId + " has no version " + version
          + (head == null ? "" : " (head is " + headVersion + ")"));
    }
    if (version < oldestVersion()) {
      throw new CompactedException(version, oldestVersion());
    }
    List<VersionRecord> out = new ArrayList<>();
    for (VersionRecord r : records) {
      if (r.version() > version && out.size() < limit) {
        out.add(r);
      }
    }
    return out;
  }

  int weight() {
    return weight;
  }

  /** Checkpoints held, for tests. */
  int checkpointCount() {
    return checkpoints.size();
  }

  private record Checkpoint(ContextDocument document, long sizeBytes) {}
}
