package dev.sharedcontext.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/**
 * Counts tokens.
 *
 * <p>{@link #count(String)} is the exact BPE count of a text. A JSON value (a document, a patch)
 * is counted <em>by segments</em>: its canonical JSON text is cut at value boundaries — each
 * scalar (with its quotes), each member name (with its quotes), and each run of structural
 * characters — and the segments' exact counts are summed. Every figure SharedContext reports
 * (tokens of a version, of a delivery, saved) uses this one definition, so the figures add up;
 * it stays within about 1% of counting the whole text at once (measured on the traces), and it
 * lets unchanged strings keep their counts from one version to the next: a counter caches the
 * counts of the strings it has seen (bounded), so counting a new version only tokenizes what
 * changed, and counting it alongside the version it was made from
 * ({@link #count(ContextDocument, ContextDocument)}) costs little more than what changed.
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenCounter {

  /** The encoding's wire name, e.g. {@code o200k_base}, or {@code estimate} for the estimator. */
  String name();

  /** Tokens of {@code text}. */
  int count(String text);

  /** Tokens of a JSON value, by segments (see the class comment). */
  long count(JsonNode json);

  /** Tokens of a document, by segments. */
  long count(ContextDocument document);

  /**
   * Tokens of {@code document}, a version made from {@code previous}: always the same figure as
   * {@link #count(ContextDocument) count(document)}, whatever {@code previous} is. A counter may
   * use {@code previous} to count only what changed: the {@link #bpe() bpe} counters, when they
   * have counted {@code previous} before, count an edited long string (a file) from its version
   * at the same place in {@code previous} (same member names, same array indices), tokenizing
   * little more than the edited lines, where {@code count(document)} looks up every piece of it.
   * This default ignores {@code previous}.
   *
   * @param previous the version {@code document} was made from; for a first version, pass
   *     {@link ContextDocument#empty()} or call {@link #count(ContextDocument)}
   * @throws NullPointerException if either is null
   */
  default long count(ContextDocument document, ContextDocument previous) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(previous, "previous");
    return count(document);
  }

  /** Tokens of a patch's JSON form, by segments. */
  long count(Patch patch);

  /**
   * A real BPE counter for {@code encoding} (the ranks jtokkit bundles; cl100k_base counted by
   * jtokkit, o200k_base split and merged by the core itself, to the same counts and several
   * times faster than jtokkit's regular expression), with a string-count
   * cache of the default size: at most 16 Mi cached chars and 262,144 entries (each entry
   * weighs its length plus 64), evicted least-frequently/recently used. Special tokens such as
   * {@code <|endoftext|>} are counted as ordinary text. Each call returns a new counter with
   * its own cache, so share one where contexts are counted repeatedly.
   */
  static TokenCounter bpe(TokenEncoding encoding) {
    return TokenCounters.bpe(encoding, DEFAULT_CACHE_CHARS);
  }

  /**
   * {@link #bpe(TokenEncoding)} with a cache of at most {@code cacheChars} cached chars (each
   * entry weighing its length plus 64), 0 for none. A server holding many projects counts every
   * new version of their strings from what is cached of the previous one: size the cache to the
   * text its active projects hold (the default, 16 Mi chars, is about 4,000 contexts of 4 KB).
   *
   * @throws IllegalArgumentException if {@code cacheChars} is negative
   */
  static TokenCounter bpe(TokenEncoding encoding, long cacheChars) {
    return TokenCounters.bpe(encoding, cacheChars);
  }

  /**
   * The cache bound of {@link #bpe(TokenEncoding)} and {@link #shared()}: 16 Mi cached chars, and
   * so at most a 64th as many entries (262,144) of small strings, each entry weighing its length
   * plus 64. The cached strings are usually the very instances the documents hold, so while a
   * document lives its strings cost the cache only their entries.
   */
  long DEFAULT_CACHE_CHARS = 16L * 1024 * 1024;

  /** A real BPE counter for the default encoding, o200k_base. */
  static TokenCounter bpe() {
    return bpe(TokenEncoding.DEFAULT);
  }

  /**
   * The process's own BPE counter of the default encoding, made on first use: the counter of the
   * store's and the server's default options, so that what a commit counted (every new version
   * of a file) is in the cache that windows and token figures count from.
   */
  static TokenCounter shared() {
    return TokenCounters.shared();
  }

  /**
   * A fast estimator named {@code estimate}: UTF-16 chars / 4, rounded up, per segment (and of
   * the whole text for {@link #count(String)}). Not a measurement; it keeps no cache.
   */
  static TokenCounter estimator() {
    return TokenCounters.estimator();
  }
}
