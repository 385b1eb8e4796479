package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of a commit, for every store: base checks, the rebase of a change made on an older
 * version when nothing it touches changed since, the patch (a whole document is diffed), the new
 * document, the size and token limits, the inverse patch and the new version's record. A store
 * supplies what it knows of the project's past ({@link Past}) and then makes the plan durable
 * its own way: the memory store under its project lock, the Redis store by an atomic
 * compare-and-append of the planned version.
 */
public final class CommitPlanner {
  private final StoreOptions options;
  private final TokenCounter tokenCounter;

  public CommitPlanner(StoreOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.tokenCounter = options.tokenCounter();
  }

  /** What a planner needs to know of a project; its head version is 0 when it does not exist. */
  public interface Past {
    long headVersion();

    /** The head's record; only called when {@link #headVersion()} is at least 1. */
    ContextVersion headMeta();

    /** The head document, {@code {}} for a project that does not exist. */
    ContextDocument headDocument();

    long oldestVersion();

    /** The paths changed by the versions after {@code version}, or null if the history no longer tells. */
    Set<JsonPointer> changedSince(long version);

    /**
     * The document at {@code version}, rebuilt from the history.
     *
     * @throws CompactedException if the history no longer reaches it
     */
    ContextDocument documentAt(long version);
  }

  /**
   * A planned commit.
   *
   * @param meta the new version's record, or the head's when nothing changes
   * @param previousVersion the head version the plan was made on
   * @param document the new head, null when the change changes nothing
   * @param patch the change from the head (after any rebase); empty when nothing changes
   * @param inverse the patch back to the head; null for a new project or when nothing changes
   * @param changedPaths what the patch affects, recorded for later rebases
   * @param rebased true if the request was based on an older version than the head
   */
  public record Plan(ContextVersion meta, long previousVersion, ContextDocument document, Patch patch, Patch inverse,
      Set<JsonPointer> changedPaths, boolean rebased) {
    public boolean changed() {
      return document != null;
    }

    public boolean creates() {
      return previousVersion == 0 && document != null;
    }
  }

  public Plan plan(String projectId, Past past, CommitRequest request) {
    long headVersion = past.headVersion();
    ContextDocument headDoc = past.headDocument();
    if (request.hasBase()) {
      long base = request.baseVersion();
      if (request.exactBase() && base != headVersion) {
        throw new VersionConflictException(base, headVersion, List.of(), "head is " + headVersion + ", not " + base);
      }
      if (base > headVersion) {
        throw new VersionConflictException(base, headVersion, List.of(),
            "base version " + base + " is ahead of the head " + headVersion);
      }
    }
    boolean rebased = request.hasBase() && request.baseVersion() < headVersion;
    Patch patch = patchOf(past, request, headDoc, rebased);
    if (rebased) {
      Set<JsonPointer> changed = past.changedSince(request.baseVersion());
      if (changed == null) {
        throw tooOld(request.baseVersion(), past);
      }
      List<String> overlap = ConflictPaths.overlapping(changed, ConflictPaths.of(patch));
      if (!overlap.isEmpty()) {
        throw new VersionConflictException(request.baseVersion(), headVersion, overlap);
      }
    }
    Patch.Applied applied = patch.applyInvertible(headDoc);
    ContextDocument next = applied.document();
    if (headVersion > 0 && next.equals(headDoc)) {
      return new Plan(past.headMeta(), headVersion, null, Patch.empty(), null, Set.of(), rebased);
    }
    if (next.sizeBytes() > options.maxContextBytes()) {
      throw LimitExceededException.tooLarge("maxContextBytes", options.maxContextBytes(),
          "the context's " + next.sizeBytes() + " bytes");
    }
    // Counted alongside the head it was made from: an edited file costs what changed in it.
    long tokens = tokenCounter.count(next, headDoc);
    if (options.maxContextTokens() > 0 && tokens > options.maxContextTokens()) {
      throw LimitExceededException.tooLarge("maxContextTokens", options.maxContextTokens(),
          "the context's " + tokens + " tokens");
    }
    ContextVersion meta = new ContextVersion(projectId, headVersion + 1,
        Instant.now(options.clock()).truncatedTo(ChronoUnit.MILLIS), request.agentId(), next.hash(),
        next.sizeBytes(), tokens);
    // A project's creation counts as a change of the whole document: a change made without the
    // project (based on version 0, e.g. a second client creating it at the same time) then
    // conflicts with it, rather than being merged into what the first one created.
    Set<JsonPointer> changedPaths = headVersion == 0 ? Set.of(JsonPointer.ROOT) : ConflictPaths.of(patch);
    return new Plan(meta, headVersion, next, patch, headVersion > 0 ? applied.inverse() : null, changedPaths,
        rebased);
  }

  private static Patch patchOf(Past past, CommitRequest request, ContextDocument headDoc, boolean rebased) {
    if (request.patch() != null) {
      return request.patch();
    }
    if (!rebased) {
      return Patch.diff(headDoc, request.replacement());
    }
    // A whole document made against an older version: its change is its difference from that
    // version, which is then rebased like any patch.
    long base = request.baseVersion();
    ContextDocument baseDoc;
    if (base == 0) {
      baseDoc = ContextDocument.empty();
    } else {
      try {
        baseDoc = past.documentAt(base);
      } catch (CompactedException e) {
        throw tooOld(base, past);
      }
    }
    return Patch.diff(baseDoc, request.replacement());
  }

  private static VersionConflictException tooOld(long base, Past past) {
    return new VersionConflictException(base, past.headVersion(), List.of(), "base version " + base
        + " is older than the retained history (oldest " + past.oldestVersion() + "); re-read and retry");
  }
}
