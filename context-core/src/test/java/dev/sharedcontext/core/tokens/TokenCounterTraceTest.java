package dev.sharedcontext.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.tokens.internal.SegmentTokenCounter;
import dev.sharedcontext.traces.Trace;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Token counting over the real project histories in {@code shared/data/traces}. */
class TokenCounterTraceTest {
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  static Iterable<String> traces() {
    return Trace.NAMES;
  }

  private static ContextDocument document(Trace.Version version) {
    ObjectNode files = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, String> e : version.state().entrySet()) {
      files.put(e.getKey(), e.getValue());
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("files", files);
    return ContextDocument.of(root);
  }

  @ParameterizedTest
  @MethodSource("traces")
  void segmentCountsStayWithinOnePercentOfWholeTextCounts(String name) {
    Trace trace = Trace.load(name);
    TokenCounter counter = TokenCounter.bpe();
    double worst = 0;
    for (int v = 0; v < trace.size(); v += Math.max(1, trace.size() / 12)) {
      worst = Math.max(worst, check(counter, trace, v));
    }
    worst = Math.max(worst, check(counter, trace, trace.size() - 1));
    System.out.printf("%s: worst |segments - whole| / whole = %.4f%%%n", name, 100 * worst);
  }

  private static double check(TokenCounter counter, Trace trace, int v) {
    ContextDocument doc = document(trace.version(v));
    long whole = O200K.countTokensOrdinary(doc.canonicalJson());
    long segments = counter.count(doc);
    double diff = Math.abs(segments - whole) / (double) whole;
    System.out.printf("%s v%d: %d bytes, whole-text %d tokens, by segments %d tokens (%+.3f%%)%n",
        trace.name(), v, doc.sizeBytes(), whole, segments, 100.0 * (segments - whole) / whole);
    assertThat(diff).as("%s v%d: segments %d, whole %d", trace.name(), v, segments, whole).isLessThanOrEqualTo(0.01);
    return diff;
  }

  @ParameterizedTest
  @MethodSource("traces")
  void eachVersionOnlyTokenizesTheStringsNotSeenBefore(String name) {
    Trace trace = Trace.load(name);
    SegmentTokenCounter counter = new SegmentTokenCounter("o200k_base", O200K::countTokensOrdinary,
        TokenCounter.DEFAULT_CACHE_CHARS);
    SegmentTokenCounter uncached = new SegmentTokenCounter("o200k_base", O200K::countTokensOrdinary, 0);
    Set<String> seen = new HashSet<>();
    long tokenized = 0;
    long changedEntries = 0;
    for (Trace.Version version : trace.versions()) {
      long before = counter.tokenizations();
      long count = counter.count(document(version));
      long calls = counter.tokenizations() - before;
      int fresh = 0;
      for (Map.Entry<String, String> e : version.state().entrySet()) {
        fresh += seen.add(e.getKey()) ? 1 : 0;
        fresh += seen.add(e.getValue()) ? 1 : 0;
      }
      if (version.version() > 0) {
        // {"files":{...}}: every structural run ({, :{, :, ",", }}) was already seen in version 0
        assertThat(calls).as("%s v%d tokenizations", name, version.version()).isEqualTo(fresh);
        tokenized += calls;
        changedEntries += version.changed().size();
      }
      if (version.version() % 50 == 0 || version.version() == trace.size() - 1) {
        assertThat(count).as("cached count of v%d", version.version()).isEqualTo(uncached.count(document(version)));
      }
    }
    System.out.printf("%s: %d versions, %d changed entries, %d strings tokenized after v0%n",
        name, trace.size() - 1, changedEntries, tokenized);
  }
}
