package dev.sharedcontext.core.tokens.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.internal.Canonical;
import dev.sharedcontext.core.internal.InternalAccess;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * A {@link TokenCounter} over any exact text counter: JSON values are counted by
 * {@link Segments}, and the count of every segment is cached (bounded, by weight), so a new
 * version of a context only tokenizes the strings that changed.
 *
 * <p>String scalars and member names are cached under the {@code String} itself, not its quoted
 * text: a hit then costs a hash lookup (the hash is kept in the string, and strings are shared
 * between versions of a document) instead of escaping a large value again. Other segments
 * (numbers, literals, structural runs) are cached under {@link Literal} keys, so {@code true}
 * and {@code "true"} never collide.
 *
 * <p>A long string ({@link TextChunks}) is counted in pieces. Its cache entry is a
 * {@link PieceLayout}, which keeps where its pieces start and what they count; each piece's count
 * is also cached under a {@link Piece} key. Counted alongside the version it was made from
 * ({@link #count(ContextDocument, ContextDocument)}), an edited long string whose old version's
 * layout is cached is counted from that layout: only the pieces around the change are looked up
 * or tokenized. Otherwise every piece is looked up, and the new ones tokenized. The layout of an
 * edited string is kept under the string object rather than its text ({@link EditedLayouts}).
 *
 * <p>The total of a document is kept with the document ({@link InternalAccess#keep}), so that a
 * version of the same shape as the one it was made from (a patch that changed scalars only, such
 * as a file edited) is counted from that one's total and the scalars that differ ({@link
 * Segments#sameShape}), without a walk of the whole document; and any other version made from it
 * (members added or removed, arrays grown), from that total and the segments that differ ({@link
 * SegmentDifference}), looking into none of the subtrees the two share.
 *
 * <p>Two threads that meet the same new string at once may both tokenize it: the cache is read
 * and written around the tokenization rather than computing inside the map, so a long
 * tokenization never blocks other keys. Thread-safe.
 */
public final class SegmentTokenCounter implements TokenCounter {

  /** Weight added to each entry's length for its bookkeeping, so tiny strings are bounded too. */
  public static final int ENTRY_WEIGHT = 64;

  /** The estimator's name. */
  public static final String ESTIMATE = "estimate";

  /** The cache key of a segment that is not a string or a name: its canonical text. */
  private record Literal(String text) {}

  /** The cache key of a piece of a long string's canonical text (see {@link TextChunks}). */
  private record Piece(String text) {}

  private final String name;
  private final ToIntFunction<String> tokenizer;
  /** Values: an {@code Integer} count, or a {@link PieceLayout} for a long string. */
  private final Cache<Object, Object> cache;
  /** The layouts of edited long strings, by the string object; null when there is no cache. */
  private final EditedLayouts editedLayouts;
  /** Reads of which one is recorded for the eviction policy, see {@link #lookup}. */
  private static final int RECORDED_READS = 16;
  private static final int SHORT_LITERAL_CHARS = 8;
  private static final int MAX_SHORT_LITERALS = 4096;
  /**
   * Counts of literals of up to {@value #SHORT_LITERAL_CHARS} chars: the structural runs such as
   * {@code ":"} or <code>"},"</code>, {@code true}, small numbers. A few dozen of them recur all
   * through every document, and a small map of their own stays in the CPU's cache, where a lookup
   * in the large cache missed it. Filled up to {@value #MAX_SHORT_LITERALS} texts, never evicted.
   */
  private final ConcurrentHashMap<String, Integer> shortLiterals = new ConcurrentHashMap<>();
  private final LongAdder tokenizations = new LongAdder();
  private final LongAdder piecesCounted = new LongAdder();
  private final LongAdder documentsWalked = new LongAdder();
  private final LongAdder differencesWalked = new LongAdder();
  /**
   * What this counter's totals are kept with documents under: an object of its own, not the
   * counter, which a document would otherwise hold, and with it the counter's cache, for as long
   * as the document lives (a store's history held the cache of the counter it was counted with).
   */
  private final Object totalsKey = new Object();
  private final ToIntFunction<String> pieceCount = piece -> pieceCount(piece, true);
  private final ToIntFunction<String> uncachedPieceCount = piece -> pieceCount(piece, false);

  /**
   * @param name the encoding's name, see {@link #name()}
   * @param tokenizer the exact count of a text; must be thread-safe
   * @param maxCacheWeight the cache bound in weight units (chars + {@value #ENTRY_WEIGHT} per
   *     entry), which also bounds the layouts of edited strings, kept apart; 0 for no cache
   */
  public SegmentTokenCounter(String name, ToIntFunction<String> tokenizer, long maxCacheWeight) {
    this.name = Objects.requireNonNull(name, "name");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (maxCacheWeight < 0) {
      throw new IllegalArgumentException("maxCacheWeight must not be negative: " + maxCacheWeight);
    }
    this.cache = maxCacheWeight == 0 ? null : Caffeine.newBuilder()
        .maximumWeight(maxCacheWeight)
        .weigher(SegmentTokenCounter::weigh)
        .executor(Runnable::run) // core owns no threads: maintenance runs on the callers
        .build();
    this.editedLayouts = maxCacheWeight == 0 ? null : new EditedLayouts(maxCacheWeight);
  }

  /** The chars/4 estimator: no cache, since estimating is cheaper than a lookup. */
  public static SegmentTokenCounter estimator() {
    return new SegmentTokenCounter(ESTIMATE, text -> (int) ((text.length() + 3L) / 4), 0);
  }

  static int weigh(Object key, Object value) {
    int length = key instanceof String s ? s.length()
        : key instanceof Literal l ? l.text().length() : ((Piece) key).text().length();
    int layout = value instanceof PieceLayout l ? l.weight() : 0;
    return (int) Math.min(Integer.MAX_VALUE, (long) length + layout + ENTRY_WEIGHT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int count(String text) {
    Objects.requireNonNull(text, "text");
    return tokenize(text);
  }

  @Override
  public long count(JsonNode json) {
    Objects.requireNonNull(json, "json");
    Sum sum = new Sum(true);
    Segments.walk(json, sum);
    return sum.total;
  }

  @Override
  public long count(ContextDocument document) {
    Objects.requireNonNull(document, "document");
    JsonNode tree = InternalAccess.tree(document);
    if (cache == null) {
      return count(tree);
    }
    long known = keptTotal(document);
    if (known >= 0) {
      return known;
    }
    documentsWalked.increment();
    long total = count(tree);
    InternalAccess.keep(document, totalsKey, total);
    return total;
  }

  /**
   * The same figure as {@link #count(ContextDocument)}. When this counter has counted {@code
   * previous}, the figure is {@code previous}'s total plus what the differences add: if {@code
   * document} has its shape, what the scalars that differ add; otherwise, if the two share a
   * subtree near the top (as a version made by a patch does), what the segments that differ add,
   * found by walking the two side by side past every subtree they share ({@link
   * SegmentDifference}). Else the whole document is walked. Either way, a long string
   * that differs from the string at its place in {@code previous} is counted from that one's
   * cached pieces (see the class comment). Without a cache there is nothing to count from, and
   * this is {@code count(document)}.
   */
  @Override
  public long count(ContextDocument document, ContextDocument previous) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(previous, "previous");
    if (cache == null) {
      return count(document);
    }
    long known = keptTotal(document);
    if (known >= 0) {
      return known;
    }
    JsonNode tree = InternalAccess.tree(document);
    JsonNode before = InternalAccess.tree(previous);
    long previousTotal = keptTotal(previous);
    ScalarDelta delta = new ScalarDelta();
    long total;
    if (previousTotal >= 0 && Segments.sameShape(tree, before, delta)) {
      total = previousTotal + delta.sum();
    } else if (previousTotal >= 0 && SegmentDifference.related(tree, before)) {
      differencesWalked.increment();
      Sum added = new Sum(true);
      Sum removed = new Sum(false);
      SegmentDifference.walk(tree, before, added, removed);
      total = previousTotal + added.total - removed.total;
    } else {
      // Strings the delta counted before a difference of shape turned up are counted again here,
      // from what they kept: an edited long string from its own layout, the others from the cache.
      documentsWalked.increment();
      Sum sum = new Sum(true);
      Segments.walk(tree, before, sum);
      total = sum.total;
    }
    InternalAccess.keep(document, totalsKey, total);
    return total;
  }

  /** The total this counter kept with {@code document}, or -1 if it kept none there. */
  private long keptTotal(ContextDocument document) {
    return InternalAccess.kept(document, totalsKey) instanceof Long total ? total : -1;
  }

  /**
   * Counted like any JSON value, except that the texts a patch carries are not added to the cache
   * when it does not have them: they are either the document's own (the same objects, counted
   * with the document) or text that exists nowhere else, such as the lines of an {@code x-text}
   * hunk, which would only fill the cache (see {@link #pieceCount}). Short strings without a line
   * break are kept: the member names, operation names and paths that every patch repeats, each of
   * which otherwise cost a tokenizer call per patch, half of counting a one-line edit's patch.
   */
  @Override
  public long count(Patch patch) {
    Objects.requireNonNull(patch, "patch");
    Sum sum = new Sum(false);
    Segments.walk(patch.toJsonNode(), sum);
    return sum.total;
  }

  /**
   * How many segments this counter has tokenized so far: cache misses (a long string once, however
   * many of its pieces were new, and whether or not it was counted from its previous version's
   * pieces) and {@link #count(String)} calls.
   */
  public long tokenizations() {
    return tokenizations.sum();
  }

  /**
   * How many pieces of long strings this counter has looked up in the cache or tokenized; not the
   * pieces an edited string took over from its previous version. For tests: an edit counted from
   * the previous version counts a few pieces, not the whole string's.
   */
  long piecesCounted() {
    return piecesCounted.sum();
  }

  /**
   * How many documents this counter has counted by walking all of them, rather than from a total
   * it kept; for tests.
   */
  long documentsWalked() {
    return documentsWalked.sum();
  }

  /**
   * How many documents this counter has counted from their previous version's total and the
   * segments that differ ({@link SegmentDifference}); for tests.
   */
  long differencesWalked() {
    return differencesWalked.sum();
  }

  /**
   * Entries in the cache now, after pending evictions, not counting the documents' totals; for
   * tests and diagnostics.
   */
  public long cachedEntries() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize() + editedLayouts.size();
  }

  private int tokenize(String text) {
    tokenizations.increment();
    return tokenizer.applyAsInt(text);
  }

  /**
   * @param previous the string at the same place in the version {@code value}'s document was made
   *     from, or null
   * @param keep whether to cache the count of a string the cache does not have (a short one
   *     without a line break is cached either way)
   */
  private int stringCount(String value, String previous, boolean keep) {
    if (cache == null) {
      return tokenize(Canonical.quoted(value));
    }
    // Only a string long however it is quoted is counted from its previous version without being
    // quoted first: quoting adds the two quotes at least. Such a string is looked up by identity
    // first, and an edited one is never looked up by text (see EditedLayouts).
    boolean isLong = value.length() + 2 >= TextChunks.MIN_CHUNKED_LENGTH;
    if (isLong) {
      PieceLayout own = editedLayouts.get(value);
      if (own != null) {
        return own.total();
      }
      if (previous != null && previous != value) {
        PieceLayout before = editedLayouts.get(previous);
        boolean editedBefore = before != null;
        if (!editedBefore && cache.getIfPresent(previous) instanceof PieceLayout cached) {
          before = cached;
        }
        if (before != null) {
          tokenizations.increment();
          PieceLayout layout = before.edited(previous, value, uncachedPieceCount);
          editedLayouts.keep(value, layout);
          // The old version is usually dead now (the head it belonged to is being replaced). Left
          // in, dead versions fill the cache and, having been read more often than a new entry,
          // make it refuse the new versions (it admits by frequency): the next edit would then
          // find no layout to count from. If the old version is still in use, it is counted again
          // from its pieces.
          if (editedBefore) {
            editedLayouts.forget(previous);
          } else {
            cache.invalidate(previous);
          }
          return layout.total();
        }
      }
    }
    Object cached = lookup(value);
    if (cached != null) {
      return cached instanceof PieceLayout layout ? layout.total() : (Integer) cached;
    }
    String quoted = Canonical.quoted(value);
    if (quoted.length() < TextChunks.MIN_CHUNKED_LENGTH) {
      int count = tokenize(quoted);
      if (keep || isOneLine(value)) {
        cache.put(value, count);
      }
      return count;
    }
    tokenizations.increment();
    PieceLayout layout = PieceLayout.of(quoted, keep ? pieceCount : uncachedPieceCount);
    if (keep) {
      cache.put(value, layout);
    }
    return layout.total();
  }

  /** Whether {@code value} holds no line break: a name or a path rather than lines of text. */
  private static boolean isOneLine(String value) {
    return value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
  }

  /**
   * A cached value, or null. One read in {@value #RECORDED_READS} is recorded, the others are
   * quiet: recording feeds the eviction policy (Caffeine's W-TinyLFU: recency and frequency), and
   * its bookkeeping, a read buffer drained on the reading thread since core owns no threads, was
   * over a third of a window's build, which counts the same strings twenty times and more (ky
   * versions, 97 KB: 580-700 us a window recording every read, 330-400 us recording none). An
   * entry read often is still recorded often enough to be kept.
   */
  private Object lookup(Object key) {
    if (ThreadLocalRandom.current().nextInt(RECORDED_READS) == 0) {
      return cache.getIfPresent(key);
    }
    return cache.policy().getIfPresentQuietly(key);
  }

  /**
   * A piece's count, from the cache if it has it.
   *
   * @param keep whether to cache a piece it did not have. Not for the pieces an edit cut anew (the
   *     string's layout keeps their counts already, and the next edit starts from that layout),
   *     nor for a patch's. Cached, a stream of edits (each a new line, never seen again) filled
   *     the cache with pieces and strings nobody would ask for again, which every young
   *     collection copied and the old generation kept: at 7,000 commits a second the pauses grew
   *     to 40–56 ms.
   */
  private int pieceCount(String piece, boolean keep) {
    piecesCounted.increment();
    Piece key = new Piece(piece);
    Object cached = lookup(key);
    if (cached != null) {
      return (Integer) cached;
    }
    int count = tokenizer.applyAsInt(piece);
    if (keep) {
      cache.put(key, count);
    }
    return count;
  }

  private int literalCount(String text) {
    if (cache == null) {
      return tokenize(text);
    }
    boolean isShort = text.length() <= SHORT_LITERAL_CHARS;
    if (isShort) {
      Integer known = shortLiterals.get(text);
      if (known != null) {
        return known;
      }
    }
    int count = cachedLiteralCount(text);
    if (isShort && shortLiterals.size() < MAX_SHORT_LITERALS) {
      shortLiterals.put(text, count);
    }
    return count;
  }

  private int cachedLiteralCount(String text) {
    Literal key = new Literal(text);
    Object cached = lookup(key);
    if (cached != null) {
      return (Integer) cached;
    }
    int count = tokenize(text);
    cache.put(key, count);
    return count;
  }

  @Override
  public String toString() {
    return "TokenCounter[" + name + "]";
  }

  /**
   * What the scalars that differ between a document and the version it was made from, of the same
   * shape, add to that version's count: each one's count less the count of the one it replaced.
   * The pairs are counted once the shape is known to be the same: counting an edited long string
   * from its previous version's layout forgets that layout, which the walk of the segments that
   * differ, if the shape is not the same after all, needs for counting the previous version.
   */
  private final class ScalarDelta implements Segments.ScalarChanges {
    private final List<JsonNode> pairs = new ArrayList<>();

    @Override
    public void changed(JsonNode now, JsonNode before) {
      pairs.add(now);
      pairs.add(before);
    }

    long sum() {
      long sum = 0;
      for (int i = 0; i < pairs.size(); i += 2) {
        JsonNode now = pairs.get(i);
        JsonNode before = pairs.get(i + 1);
        // The one replaced first: counting an edited long string from its layout forgets that layout.
        sum -= before.isTextual() ? stringCount(before.textValue(), null, false) : literalCount(Canonical.text(before));
        sum += now.isTextual()
            ? stringCount(now.textValue(), before.isTextual() ? before.textValue() : null, true)
            : literalCount(Canonical.text(now));
      }
      return sum;
    }
  }

  /** Adds up one walk. */
  private final class Sum implements Segments.Sink {
    /** Whether strings the cache does not have are added to it. */
    private final boolean keep;
    long total;

    Sum(boolean keep) {
      this.keep = keep;
    }

    @Override
    public void string(String value, String previous) {
      total += stringCount(value, previous, keep);
    }

    @Override
    public void literal(String text) {
      total += literalCount(text);
    }
  }
}
