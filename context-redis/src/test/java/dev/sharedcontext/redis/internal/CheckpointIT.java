package dev.sharedcontext.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.internal.Canonical;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.redis.RedisContextStore;
import dev.sharedcontext.redis.RedisStoreOptions;
import dev.sharedcontext.redis.SharedRedis;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis store's checkpoints (commit.lua, range.lua) on a real Redis: an old version is
 * rebuilt from the nearest document kept whole at or after it, exactly as it was, reading only
 * the history up to that checkpoint; checkpoints go with the versions trimmed and the project
 * deleted.
 */
class CheckpointIT {
  /** Each version replaces a string of this many characters, so its patches weigh over 2 KB. */
  static final int BLOB = 1000;
  /**
   * The fewest and most versions between two checkpoints: 64 KiB of history (the floor, above the
   * documents' size) at 2 KB a version, and up to 400 bytes more for the text's edit and the paths.
   */
  static final int SPACING_MIN = Committer.CHECKPOINT_MIN_HISTORY_BYTES / (2 * BLOB + 400);
  static final int SPACING_MAX = Committer.CHECKPOINT_MIN_HISTORY_BYTES / (2 * BLOB) + 2;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void anOldVersionIsRebuiltFromTheNearestCheckpointAsItWas() {
    RedisStoreOptions options = options(1000);
    ContextStore store = store(options);
    List<ContextDocument> docs = commitVersions(store, 400);
    Keys keys = new Keys(options.keyPrefix());
    RedisAccess redis = access(options);

    List<StreamMessage<String, String>> checkpoints =
        redis.sync().xrange(keys.checkpoints("p"), Range.create("-", "+"));
    assertThat(checkpoints).hasSizeBetween(400 / SPACING_MAX - 1, 400 / SPACING_MIN);
    long previous = 0;
    long lastBeforeHead = 0;
    for (StreamMessage<String, String> c : checkpoints) {
      long v = Records.versionOf(c.getId());
      assertThat(v - previous).as("versions since the last checkpoint").isBetween((long) SPACING_MIN, (long) SPACING_MAX);
      assertThat(ContextDocument.parse(c.getBody().get("d"))).as("checkpoint %d", v).isEqualTo(docs.get((int) v));
      previous = v;
      lastBeforeHead = v < 400 ? v : lastBeforeHead;
    }

    Reader reader = new Reader(redis, keys, 0);
    for (long v = 1; v <= 400; v += v < 5 || v > 390 ? 1 : 7) {
      ContextDocument then = docs.get((int) v);
      assertThat(store.at("p", v).document()).as("version %d", v).isEqualTo(then);
      assertThat(store.at("p", v).version().hash()).isEqualTo(then.hash());
      if (v < 400) {
        CatchUp c = store.since("p", v);
        assertThat(c).isInstanceOf(CatchUp.Delta.class);
        assertThat(((CatchUp.Delta) c).patch().apply(then)).as("catch-up from %d", v).isEqualTo(docs.get(400));
      }
      View view = reader.readToRebuild("p", v + 1, v, 0, null);
      if (v + 1 < 400 && v <= lastBeforeHead) {
        assertThat(view.checkpoint()).as("checkpoint for %d", v).isNotNull();
        assertThat(view.checkpoint().version()).isBetween(v, v + SPACING_MAX);
        assertThat(view.entries()).as("entries read to rebuild %d", v).hasSizeLessThanOrEqualTo(SPACING_MAX);
        assertThat(view.rebuild(v)).isEqualTo(then);
      } else {
        assertThat(view.checkpoint()).as("no checkpoint after %d before the head", v).isNull();
      }
    }

    // Version by version across a checkpoint, as before.
    int across = (int) Records.versionOf(checkpoints.get(0).getId());
    List<ContextDocument> replayed = store.changes("p", across - 3, 6).stream().map(ContextChange::document).toList();
    assertThat(replayed).containsExactlyElementsOf(docs.subList(across - 2, across + 4));
  }

  @Test
  void aReplayInPagesReadsUpToTheNextCheckpointOrThePagesEndNotTheHead() {
    RedisStoreOptions options = options(1000);
    ContextStore store = store(options);
    List<ContextDocument> docs = commitVersions(store, 400);
    Reader reader = new Reader(access(options), new Keys(options.keyPrefix()), 0);
    int page = 10;
    List<ContextDocument> replayed = new ArrayList<>();
    for (long from = 1; from < 400; from += page) {
      store.changes("p", from, page).forEach(c -> replayed.add(c.document()));
      if (from + 1 < 400) {
        // What that page read: the entries to the checkpoint after it, or to the page's end.
        View view = reader.readToRebuild("p", from + 1, from, from + page, null);
        if (view.checkpoint() != null) {
          assertThat(view.entries()).as("entries read for the page from %d", from)
              .hasSizeLessThanOrEqualTo(Math.max(SPACING_MAX, page));
        }
      }
    }
    assertThat(replayed).containsExactlyElementsOf(docs.subList(2, 401));
    // Pages that end past a checkpoint, and one that ends past the head.
    assertThat(store.changes("p", 25, 80).stream().map(ContextChange::document).toList())
        .containsExactlyElementsOf(docs.subList(26, 106));
    assertThat(store.changes("p", 390, 80).stream().map(ContextChange::document).toList())
        .containsExactlyElementsOf(docs.subList(391, 401));
  }

  @Test
  void checkpointsGoWithTheVersionsTrimmedAndTheProject() {
    RedisStoreOptions options = options(100);
    ContextStore store = store(options);
    List<ContextDocument> docs = commitVersions(store, 300);
    Keys keys = new Keys(options.keyPrefix());
    RedisAccess redis = access(options);
    List<StreamMessage<String, String>> kept = redis.sync().xrange(keys.checkpoints("p"), Range.create("-", "+"));
    assertThat(kept).isNotEmpty();
    for (StreamMessage<String, String> c : kept) {
      assertThat(Records.versionOf(c.getId())).isGreaterThanOrEqualTo(201);
    }
    assertThat(store.at("p", 201).document()).isEqualTo(docs.get(201));
    assertThat(((CatchUp.Delta) store.since("p", 201)).patch().apply(docs.get(201))).isEqualTo(docs.get(300));

    assertThat(store.delete("p")).isTrue();
    assertThat(redis.sync().exists(keys.checkpoints("p"))).isZero();

    // The project made again: nothing of the old one's checkpoints is used.
    List<ContextDocument> again = commitVersions(store, 150);
    assertThat(store.at("p", 51).document()).isEqualTo(again.get(51)); // the oldest of the 100 kept
    assertThat(store.at("p", 100).document()).isEqualTo(again.get(100));
  }

  @Test
  void aHeadWrittenBeforeCheckpointsStartsCountingAtItsNextCommit() {
    RedisStoreOptions options = options(1000);
    ContextStore store = store(options);
    Keys keys = new Keys(options.keyPrefix());
    RedisAccess redis = access(options);
    List<ContextDocument> docs = commitVersions(store, 10);
    redis.sync().hdel(keys.head("p"), "cbytes"); // as an earlier version of the store left it
    redis.sync().del(keys.checkpoints("p"));
    commitMore(store, docs, 10 + SPACING_MAX + 1);
    assertThat(redis.sync().xlen(keys.checkpoints("p"))).isEqualTo(1);
    assertThat(store.at("p", 5).document()).isEqualTo(docs.get(5));
  }

  private RedisStoreOptions options(int maxVersions) {
    return SharedRedis.options(StoreOptions.builder().maxVersionsPerProject(maxVersions).build()).build();
  }

  private ContextStore store(RedisStoreOptions options) {
    ContextStore store = RedisContextStore.create(options);
    open.add(store);
    return store;
  }

  private RedisAccess access(RedisStoreOptions options) {
    RedisAccess redis = RedisAccess.open(options);
    open.add(redis);
    return redis;
  }

  /** Commits versions 1 to {@code n} of project "p"; element v of the answer is version v's document. */
  private static List<ContextDocument> commitVersions(ContextStore store, int n) {
    List<ContextDocument> docs = new ArrayList<>();
    docs.add(null);
    commitMore(store, docs, n);
    return docs;
  }

  /** Commits the versions after the last of {@code docs} up to {@code n}, adding their documents. */
  private static void commitMore(ContextStore store, List<ContextDocument> docs, int n) {
    for (int v = docs.size(); v <= n; v++) {
      ContextDocument previous = v == 1 ? ContextDocument.empty() : docs.get(v - 1);
      ContextDocument next = next(v);
      store.commit("p", CommitRequest.patch(Patch.diff(previous, next)));
      docs.add(next);
    }
  }

  /**
   * Version {@code v}: a string of {@link #BLOB} characters of its own, a counter, and a text of
   * 40 to 43 lines of which one is edited and the last ones come and go (an {@code x-text} patch,
   * whose inverse is not a plain replacement: applied to the wrong version, it fails or gives a
   * wrong text).
   */
  private static ContextDocument next(int v) {
    String blob = (Integer.toString(v, 36) + ".").repeat(BLOB).substring(0, BLOB);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40 + v % 4; i++) {
      text.append(i == v % 40 ? "line " + i + " of version " + v : "line " + i + " as it was " + (i + v / 40) % 3)
          .append('\n');
    }
    return ContextDocument.parse("{\"blob\": " + Canonical.quoted(blob) + ", \"n\": " + v / 3
        + ", \"text\": " + Canonical.quoted(text.toString()) + "}");
  }
}
