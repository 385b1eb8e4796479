package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.internal.CommitPlanner;
import dev.sharedcontext.core.store.internal.PatchSizes;
import dev.sharedcontext.redis.RedisStoreOptions;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Commits: plan in Java on the head this instance believes in, then compare-and-append in one
 * script. A stale belief costs a lost comparison, a fresh read and a new plan (bounded); a refusal
 * or no-op planned on a cached head is confirmed on a fresh read before it is reported.
 */
final class Committer {
  /**
   * A version's document is kept whole as a checkpoint (commit.lua) once the history written since
   * the last one (patches and changed paths) weighs as much as the document, and at least this
   * much. Rebuilding an old version then reads at most about one document's worth of history plus
   * one document, instead of everything back from the head (10,000 versions of a 100 KB context
   * took 100–180 ms from the oldest), and the checkpoints take at most the history's bytes in
   * Redis. The floor: below it, rebuilding from the head costs little whatever the document, and a
   * small document would otherwise be kept whole every few versions.
   */
  static final int CHECKPOINT_MIN_HISTORY_BYTES = 64 * 1024;
  private final RedisStoreOptions options;
  private final RedisAccess redis;
  private final Keys keys;
  private final Reader reader;
  private final HeadCache heads;
  private final Deliveries deliveries;
  private final ProjectIndex index;
  private final CommitPlanner planner;
  /** The longest a yielding commit waits before asking again; a turn usually ends sooner than it is granted for. */
  private static final long MAX_YIELD_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** This store instance, for the script's fair turns. */
  private final String instanceId = UUID.randomUUID().toString();

  Committer(RedisStoreOptions options, RedisAccess redis, Keys keys, Reader reader, HeadCache heads,
      Deliveries deliveries, ProjectIndex index) {
    this.options = options;
    this.redis = redis;
    this.keys = keys;
    this.reader = reader;
    this.heads = heads;
    this.deliveries = deliveries;
    this.index = index;
    this.planner = new CommitPlanner(options.storeOptions());
  }

  CommitResult commit(String projectId, CommitRequest request) {
    ReentrantLock lock = heads.lock(projectId);
    CommitResult result;
    Deliveries.Pending pending;
    lock.lock();
    try {
      CachedHead cached = heads.get(projectId);
      View view = cached == null ? fresh(projectId, request, null) : View.cached(cached);
      long yieldDeadline = System.nanoTime() + options.commandTimeout().toNanos();
      for (int attempt = 1; ; attempt++) {
        if (view != null && !view.fresh() && ViewPast.needsHistory(view, request)) {
          view = fresh(projectId, request, cached);
        }
        CommitPlanner.Plan plan;
        try {
          plan = planner.plan(projectId, new ViewPast(view), request);
        } catch (ContextException e) {
          if (view != null && !view.fresh()) {
            view = fresh(projectId, request, cached); // refused on a guess: make sure
            continue;
          }
          throw e;
        }
        if (!plan.changed()) {
          if (!view.fresh()) {
            view = fresh(projectId, request, cached);
            continue;
          }
          return new CommitResult(view.meta(), view.version(), Patch.empty(), view.document(), false, false,
              plan.rebased());
        }
        boolean created = view == null;
        long previous = created ? 0 : view.version();
        String incarnation = created ? UUID.randomUUID().toString() : view.incarnation();
        if (created) {
          index.admit(projectId);
        }
        ContextChange change = new ContextChange(plan.meta(), previous, plan.patch(), plan.document());
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        pending = deliveries.expect(incarnation, change, nonce);
        List<Object> outcome = append(projectId, view, incarnation, plan, nonce, request);
        while (yielded(outcome) && System.nanoTime() - yieldDeadline < 0) {
          // Another instance lost the last race and has the turn: let it commit first, then send
          // the same attempt again (it lost nothing: the head was the one it was planned on).
          LockSupport.parkNanos(Math.min(MAX_YIELD_PARK_NANOS, TimeUnit.MILLISECONDS.toNanos((Long) outcome.get(4))));
          outcome = append(projectId, view, incarnation, plan, nonce, request);
        }
        if ((Long) outcome.get(0) == 1) {
          heads.offer(projectId, new CachedHead(incarnation, plan.meta(), plan.document()));
          result = new CommitResult(plan.meta(), previous, plan.patch(), plan.document(), created, true, plan.rebased());
          break;
        }
        deliveries.withdraw(projectId, incarnation, change.version().version());
        // Lost the race: the reply holds the new head (and the history the base needs), so the
        // next attempt costs one round trip, like the winner's.
        view = yielded(outcome) ? fresh(projectId, request, null) : Reader.view(projectId, outcome, 1, null);
        heads.invalidate(projectId, null);
        cached = null;
        if (attempt >= options.maxCommitAttempts()) {
          throw new VersionConflictException(request.hasBase() ? request.baseVersion() : previous,
              view == null ? 0 : view.version(), List.of(),
              "the head of " + projectId + " kept moving (" + attempt + " attempts); retry");
        }
      }
    } finally {
      lock.unlock();
    }
    deliveries.await(pending.delivered(), options.deliveryTimeout(),
        "version " + result.version().version() + " of " + projectId);
    return result;
  }

  /** True if the script yielded to another instance's turn. */
  private static boolean yielded(List<Object> outcome) {
    return outcome.size() > 4 && (Long) outcome.get(4) > 0;
  }

  private View fresh(String projectId, CommitRequest request, CachedHead cached) {
    return reader.read(projectId, request.hasBase() ? request.baseVersion() + 1 : 0, cached);
  }

  /** Runs the script: {1, oldest, historyBytes} when appended, {0, the head as range.lua reads it} when not. */
  private List<Object> append(String projectId, View view, String incarnation, CommitPlanner.Plan plan,
      String nonce, CommitRequest request) {
    String[] scriptKeys = {keys.head(projectId), keys.log(projectId), keys.checkpoints(projectId)};
    try {
      List<Object> reply = redis.<List<Object>>eval(Script.COMMIT, ScriptOutputType.MULTI, scriptKeys,
          Long.toString(view == null ? 0 : view.version()),
          view == null ? "" : view.incarnation(),
          incarnation,
          Long.toString(plan.meta().version()),
          plan.document().canonicalJson(),
          Long.toString(plan.meta().timestamp().toEpochMilli()),
          plan.meta().agentId(),
          plan.meta().hash(),
          Long.toString(plan.meta().sizeBytes()),
          Long.toString(plan.meta().tokens()),
          plan.patch().toJson(),
          plan.inverse() == null ? "" : plan.inverse().toJson(),
          Records.encodePaths(plan.changedPaths()),
          Long.toString(plan.inverse() == null ? 0 : PatchSizes.estimate(plan.inverse())),
          Integer.toString(options.storeOptions().maxVersionsPerProject()),
          Long.toString(options.storeOptions().maxHistoryBytesPerProject()),
          Long.toString(options.storeOptions().idleExpiry().toMillis()),
          keys.channel(),
          projectId,
          nonce,
          Long.toString(request.hasBase() ? request.baseVersion() + 1 : 0),
          instanceId,
          Integer.toString(CHECKPOINT_MIN_HISTORY_BYTES));
      return reply;
    } catch (RuntimeException e) {
      // The outcome is unknown (a timeout may hide a success): forget the guess, let the feed read it.
      heads.invalidate(projectId, null);
      deliveries.withdraw(projectId, incarnation, plan.meta().version());
      throw e;
    }
  }
}
