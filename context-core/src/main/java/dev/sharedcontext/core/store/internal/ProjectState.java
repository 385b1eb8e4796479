package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.store.ProjectSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One project of the memory store: its head document and the records of its retained versions,
 * oldest first, each holding the inverse patch back to its predecessor (not a full copy).
 *
 * <p>Guarded by {@link #lock}; fields read without it are volatile snapshots for weighing.
 */
final class ProjectState implements CommitPlanner.Past {
  private static final int OVERHEAD_BYTES = 512;

  final String projectId;
  final ReentrantLock lock = new ReentrantLock();
  final SerialDelivery delivery = new SerialDelivery();

  private final ArrayDeque<VersionRecord> records = new ArrayDeque<>();
  private ContextDocument head;
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
    ContextDocument doc = headDocument();
    for (Patch inverse : inversesDownTo(version)) {
      doc = inverse.apply(doc);
    }
    return doc;
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
   * The inverse patches taking the head back to {@code version}, newest first, to be applied
   * outside the lock.
   */
  List<Patch> inversesDownTo(long version) {
    long headVersion = headVersion();
    if (version < 1 || version > headVersion || head == null) {
      throw new NotFoundException("project " + projectId + " has no version " + version
          + (head == null ? "" : " (head is " + headVersion + ")"));
    }
    if (version < oldestVersion()) {
      throw new CompactedException(version, oldestVersion());
    }
    List<Patch> inverses = new ArrayList<>();
    Iterator<VersionRecord> it = records.descendingIterator();
    while (it.hasNext()) {
      VersionRecord r = it.next();
      if (r.version() <= version) {
        break;
      }
      inverses.add(r.inverse());
    }
    return inverses;
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
    trim(maxVersions, maxHistoryBytes);
    weight = (int) Math.min(Integer.MAX_VALUE, OVERHEAD_BYTES + (long) document.sizeBytes() + historyBytes
        + 64L * records.size());
  }

  private void trim(int maxVersions, long maxHistoryBytes) {
    while (records.size() > 1 && (records.size() > maxVersions || historyBytes > maxHistoryBytes)) {
      historyBytes -= records.pollFirst().patchBytes();
      // The new oldest version is readable but nothing before it is: its patches are dead weight.
      VersionRecord oldest = records.pollFirst();
      historyBytes -= oldest.patchBytes();
      records.addFirst(oldest.asOldest());
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
}
