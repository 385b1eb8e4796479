package dev.sharedcontext.core.store;

import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.PatchFailedException;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.internal.MemoryContextStore;
import java.util.List;
import java.util.Optional;

/**
 * Versioned contexts, one per project: the SPI the server runs on. Implementations: {@link
 * #inMemory the memory store} (default) and the Redis store of the {@code context-redis} module.
 *
 * <p>Per project, versions are 1, 2, 3… and never reused while the project exists. A commit is
 * atomic per project: it checks its base version, applies, assigns the next version and records
 * the history in one step, and two commits to one project can never both get the same version.
 * The SPI assumes nothing in-memory: a commit is a compare-and-append of one version, and the
 * change feed ({@link #subscribe}) together with {@link #since} lets a consumer resume from any
 * retained version.
 *
 * <p>Project ids are checked with {@link dev.sharedcontext.core.ProjectIds}. Implementations are
 * thread-safe. Every method throws {@link ClosedException} after {@link #close()}.
 */
public interface ContextStore extends AutoCloseable {

  /** A memory store with {@code options}. */
  static ContextStore inMemory(StoreOptions options) {
    return new MemoryContextStore(options);
  }

  /** A memory store with {@link StoreOptions#defaults()}. */
  static ContextStore inMemory() {
    return inMemory(StoreOptions.defaults());
  }

  /** The head of a project, or empty if the project does not exist. */
  Optional<ContextSnapshot> head(String projectId);

  /**
   * The document at {@code version}.
   *
   * @throws NotFoundException if the project or the version does not exist
   * @throws CompactedException if the version is older than the retained history
   */
  ContextSnapshot at(String projectId, long version);

  /**
   * What takes a consumer holding {@code fromVersion} to the head: one composed patch when the
   * history reaches back that far, otherwise (version 0, compacted, or ahead of the head) the
   * head as a snapshot, flagged as such. Never a silent gap.
   *
   * @throws NotFoundException if the project does not exist
   */
  CatchUp since(String projectId, long fromVersion);

  /**
   * The committed versions after {@code fromVersion}, oldest first, at most {@code limit}, each
   * with the patch from its predecessor and its document: what a consumer holding
   * {@code fromVersion} replays to follow the history version by version (a change feed resumable
   * from any retained version). Empty when {@code fromVersion} is the head.
   *
   * @throws NotFoundException if the project does not exist or {@code fromVersion} is negative or
   *     ahead of the head
   * @throws CompactedException if {@code fromVersion} is older than the retained history (version
   *     0 included): take {@link #since} (a snapshot) instead
   */
  List<ContextChange> changes(String projectId, long fromVersion, int limit);

  /**
   * Recorded versions, newest first: at most {@code limit} with a version below
   * {@code beforeVersion} ({@link Long#MAX_VALUE} for the newest). Empty for an unknown project.
   */
  List<ContextVersion> history(String projectId, int limit, long beforeVersion);

  /**
   * Commits a change, creating the project if it does not exist.
   *
   * @throws VersionConflictException if the request's base is behind the head and its paths
   *     overlap what changed since, or if it demanded an exact head that is not the head
   * @throws PatchFailedException if the patch does not apply to the head
   * @throws LimitExceededException if the result breaks a size limit or a new project would
   *     exceed the project limit
   */
  CommitResult commit(String projectId, CommitRequest request);

  /**
   * Commits, as a new version, the content that {@code toVersion} had.
   *
   * @throws NotFoundException if the project or version does not exist
   * @throws CompactedException if {@code toVersion} is no longer retained
   */
  CommitResult rollback(String projectId, long toVersion, String agentId);

  /** Deletes a project and its history; listeners get {@link DeleteReason#DELETED}. */
  boolean delete(String projectId);

  /**
   * Deletes a project and its history only if its head is version {@code ifHeadIs}, with no
   * commit able to land between the check and the deletion; listeners get {@link
   * DeleteReason#DELETED}.
   *
   * @return false if there is no project
   * @throws VersionConflictException if the head is another version ({@code currentVersion})
   * @throws UnsupportedOperationException if this store cannot delete conditionally (the
   *     default)
   */
  default boolean delete(String projectId, long ifHeadIs) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot delete conditionally");
  }

  /**
   * Registers a listener for the changes of every project: each committed version is delivered
   * once, in version order per project; a listener that throws is logged and keeps receiving.
   * Listeners are never called while the store holds a lock.
   */
  Subscription subscribe(ContextListener listener);

  /** A summary of every project held, in no particular order. */
  List<ProjectSummary> projects();

  /**
   * How many projects the store holds: {@code projects().size()}, which this default computes,
   * but without summarising each (a health check asks often; with 10,000 projects the summaries
   * cost milliseconds). Stores that can count more cheaply override it.
   */
  default int projectCount() {
    return projects().size();
  }

  /** Releases what the store holds. Idempotent. */
  @Override
  void close();
}
