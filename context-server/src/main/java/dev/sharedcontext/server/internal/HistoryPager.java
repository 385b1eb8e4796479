package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextStore;
import java.util.List;

/**
 * Reads a project's history for one resuming subscriber in pages of {@link ContextStore#changes},
 * so that a long history is replayed version by version without holding it all, nor holding the
 * subscriber's executor for one long call. Each change carries its whole document, so the page
 * size follows the largest document seen: at most {@value #MAX_PAGE_VERSIONS} versions and about
 * {@value #PAGE_BYTES} bytes of documents per page (never fewer than one version). The first page
 * is small, since nothing is known of the sizes yet. Not thread-safe: confined to the
 * subscriber's executor.
 */
final class HistoryPager {
  static final int FIRST_PAGE_VERSIONS = 8;
  static final int MAX_PAGE_VERSIONS = 64;
  static final long PAGE_BYTES = 4L * 1024 * 1024;

  /**
   * One page: the changes after the version asked from, oldest first.
   *
   * @param last true when the page reached the head as it was when read (fewer than asked for)
   */
  record Page(List<ContextChange> changes, boolean last) {}

  private final ContextStore store;
  private final String projectId;
  private int limit = FIRST_PAGE_VERSIONS;

  HistoryPager(ContextStore store, String projectId) {
    this.store = store;
    this.projectId = projectId;
  }

  /**
   * The next page after {@code fromVersion}.
   *
   * @throws dev.sharedcontext.core.CompactedException if the history no longer reaches
   *     {@code fromVersion}
   * @throws dev.sharedcontext.core.NotFoundException if there is no such project, or
   *     {@code fromVersion} is ahead of its head
   */
  Page next(long fromVersion) {
    int asked = limit;
    List<ContextChange> changes = store.changes(projectId, fromVersion, asked);
    long largest = 1;
    for (ContextChange c : changes) {
      largest = Math.max(largest, c.version().sizeBytes());
    }
    if (!changes.isEmpty()) {
      limit = (int) Math.max(1, Math.min(MAX_PAGE_VERSIONS, PAGE_BYTES / largest));
    }
    return new Page(changes, changes.size() < asked);
  }

  /** The number of versions the next page asks for. */
  int limit() {
    return limit;
  }
}
