package dev.sharedcontext.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.tokens.TokenEncoding;

/**
 * The o200k_base counter, loaded on the first count rather than when a store is built: loading
 * the encoding takes about a second in a fresh JVM, which a test server that is never committed to
 * should not pay, and which otherwise lands on the first commit instead of on every start. One
 * per JVM, like the core's default counter; counts are the same.
 */
public final class LazyTokenCounter implements TokenCounter {
  /** The shared instance. */
  public static final LazyTokenCounter INSTANCE = new LazyTokenCounter();

  private LazyTokenCounter() {}

  /** Holder idiom: the encoding loads when this class initializes, on first use. */
  private static final class Holder {
    static final TokenCounter COUNTER = TokenCounter.bpe(TokenEncoding.O200K_BASE);
  }

  @Override
  public String name() {
    return TokenEncoding.O200K_BASE.wireName();
  }

  @Override
  public int count(String text) {
    return Holder.COUNTER.count(text);
  }

  @Override
  public long count(JsonNode json) {
    return Holder.COUNTER.count(json);
  }

  @Override
  public long count(ContextDocument document) {
    return Holder.COUNTER.count(document);
  }

  @Override
  public long count(ContextDocument document, ContextDocument previous) {
    return Holder.COUNTER.count(document, previous); // the incremental count of a commit
  }

  @Override
  public long count(Patch patch) {
    return Holder.COUNTER.count(patch);
  }
}
