package dev.sharedcontext.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.internal.SegmentTokenCounter;
import dev.sharedcontext.core.tokens.internal.Segments;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCounterTest {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Encoding jtokkit(TokenEncoding encoding) {
    return REGISTRY.getEncoding(encoding == TokenEncoding.O200K_BASE ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void defaultIsO200kAndNamesAreWireNames() {
    assertThat(TokenCounter.bpe().name()).isEqualTo("o200k_base");
    assertThat(TokenCounter.bpe(TokenEncoding.CL100K_BASE).name()).isEqualTo("cl100k_base");
    assertThat(TokenCounter.estimator().name()).isEqualTo("estimate");
  }

  @Test
  void aCounterWithACacheOfAnySizeCountsTheSame() {
    String text = "a file of some length\n".repeat(200);
    ContextDocument doc = ContextDocument.parse("{\"files\": {\"a\": \"" + text.replace("\n", "\\n") + "\"}}");
    long expected = TokenCounter.bpe().count(doc);
    for (long chars : new long[] {0, 100, 1000, TokenCounter.DEFAULT_CACHE_CHARS}) {
      TokenCounter counter = TokenCounter.bpe(TokenEncoding.DEFAULT, chars);
      assertThat(counter.count(doc)).as("cache of %d chars", chars).isEqualTo(expected);
      assertThat(counter.count(doc)).as("again, cache of %d chars", chars).isEqualTo(expected);
    }
    assertThatThrownBy(() -> TokenCounter.bpe(TokenEncoding.DEFAULT, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cacheChars");
  }

  /** One shared counter, the store's default: what commits counted is in the cache others count from. */
  @Test
  void theSharedCounterIsOneAndTheStoresDefault() {
    assertThat(TokenCounter.shared()).isSameAs(TokenCounter.shared()).isNotSameAs(TokenCounter.bpe());
    assertThat(TokenCounter.shared().name()).isEqualTo("o200k_base");
    assertThat(StoreOptions.defaults().tokenCounter()).isSameAs(TokenCounter.shared());
    assertThat(StoreOptions.builder().build().tokenCounter()).isSameAs(TokenCounter.shared());
  }

  @ParameterizedTest
  @EnumSource(TokenEncoding.class)
  void helloWorldIsTwoTokens(TokenEncoding encoding) {
    assertThat(TokenCounter.bpe(encoding).count("hello world")).isEqualTo(2);
  }

  @Test
  void literalKnownCounts() {
    TokenCounter o200k = TokenCounter.bpe();
    TokenCounter cl100k = TokenCounter.bpe(TokenEncoding.CL100K_BASE);
    assertThat(o200k.count("")).isZero();
    assertThat(o200k.count("hello")).isEqualTo(1);
    assertThat(cl100k.count("hello")).isEqualTo(1);
    // The encodings really differ: o200k merges more of this than cl100k does.
    String text = "Tokenization differs between encodings: 東京は日本の首都です。";
    assertThat(o200k.count(text)).isLessThan(cl100k.count(text));
  }

  @ParameterizedTest
  @EnumSource(TokenEncoding.class)
  void countsAreJtokkitsCounts(TokenEncoding encoding) {
    TokenCounter counter = TokenCounter.bpe(encoding);
    Encoding reference = jtokkit(encoding);
    for (String text : List.of("", " ", "hello world", "{\"a\":1}", "public static void main(String[] args) {}",
        "naïve café — “quoted” 😀 𝄞", "line one\nline two\r\n\ttabbed", "x".repeat(10_000),
        "The quick brown fox jumps over the lazy dog. ".repeat(200))) {
      assertThat(counter.count(text)).as(text.length() > 40 ? text.substring(0, 40) : text)
          .isEqualTo(reference.countTokensOrdinary(text));
    }
  }

  @Test
  void specialTokensCountAsText() {
    TokenCounter counter = TokenCounter.bpe();
    String text = "a <|endoftext|> b";
    assertThat(counter.count(text)).isEqualTo(jtokkit(TokenEncoding.O200K_BASE).countTokensOrdinary(text)).isGreaterThan(3);
    assertThat(counter.count(JsonNodeFactory.instance.textNode(text))).isPositive();
  }

  @Test
  void nullsAreRejectedByName() {
    TokenCounter counter = TokenCounter.bpe();
    assertThatThrownBy(() -> counter.count((String) null)).isInstanceOf(NullPointerException.class).hasMessage("text");
    assertThatThrownBy(() -> counter.count((JsonNode) null)).isInstanceOf(NullPointerException.class).hasMessage("json");
    assertThatThrownBy(() -> TokenCounter.bpe(null)).isInstanceOf(NullPointerException.class).hasMessage("encoding");
  }

  @Test
  void segmentsOfAnExample() {
    // Canonical order sorts the members: {"a":{"x":null},"b":[1,true,"s"]}
    assertThat(Segments.texts(json("{\"b\":[1,true,\"s\"],\"a\":{\"x\":null}}")))
        .containsExactly("{", "\"a\"", ":{", "\"x\"", ":", "null", "},", "\"b\"", ":[", "1", ",", "true", ",",
            "\"s\"", "]}");
    assertThat(Segments.texts(json("[]"))).containsExactly("[]");
    assertThat(Segments.texts(json("{\"e\":{},\"f\":[[]]}")))
        .containsExactly("{", "\"e\"", ":{},", "\"f\"", ":[[]]}");
    assertThat(Segments.texts(json("\"top\""))).containsExactly("\"top\"");
  }

  @Test
  void segmentsPrintScalarsAsTheCanonicalFormDoes() {
    JsonNode node = json("{\"big\":1e21,\"small\":1e-7,\"tenth\":0.1,\"neg\":-0.0,\"int\":-9007199254740991,"
        + "\"frac\":1.5E3,\"s\":\"q\\\"b\\\\c\\u0001\\n\\u2028é😀\",\"t\":false}");
    List<String> texts = Segments.texts(node);
    assertThat(String.join("", texts)).isEqualTo(ContextDocument.of(node).canonicalJson());
    assertThat(texts).contains("1e+21", "1e-7", "0.1", "0", "1500", "-9007199254740991", "false",
        "\"q\\\"b\\\\c\\u0001\\n\u2028é😀\"");
  }

  @Test
  void segmentsConcatenateToTheCanonicalTextOfRandomDocuments() {
    RandomJson random = new RandomJson(20240611L);
    for (int i = 0; i < 300; i++) {
      JsonNode node = random.value(0);
      ContextDocument document = ContextDocument.of(node);
      assertThat(String.join("", Segments.texts(node))).as("document %d", i).isEqualTo(document.canonicalJson());
    }
  }

  @ParameterizedTest
  @EnumSource(TokenEncoding.class)
  void aValueCountsAsTheSumOfItsSegments(TokenEncoding encoding) {
    TokenCounter counter = TokenCounter.bpe(encoding);
    Encoding reference = jtokkit(encoding);
    RandomJson random = new RandomJson(7L);
    for (int i = 0; i < 200; i++) {
      JsonNode node = random.value(0);
      long expected = Segments.texts(node).stream().mapToLong(reference::countTokensOrdinary).sum();
      assertThat(counter.count(node)).as("document %d", i).isEqualTo(expected);
      // and again, now from the cache
      assertThat(counter.count(node)).isEqualTo(expected);
      assertThat(counter.count(ContextDocument.of(node))).isEqualTo(expected);
    }
  }

  @Test
  void aSmallDocumentByHand() {
    // {"a":"hello world"}: "{" + "\"a\"" + ":" + "\"hello world\"" + "}"
    Encoding o200k = jtokkit(TokenEncoding.O200K_BASE);
    long expected = o200k.countTokensOrdinary("{") + o200k.countTokensOrdinary("\"a\"") + o200k.countTokensOrdinary(":")
        + o200k.countTokensOrdinary("\"hello world\"") + o200k.countTokensOrdinary("}");
    assertThat(TokenCounter.bpe().count(ContextDocument.parse("{\"a\":\"hello world\"}"))).isEqualTo(expected);
  }

  @Test
  void stringsAndLiteralsOfTheSameTextAreNotConfused() {
    TokenCounter counter = TokenCounter.bpe();
    Encoding o200k = jtokkit(TokenEncoding.O200K_BASE);
    // "true" (a string, counted with its quotes) and true (a literal) share one cache
    long first = counter.count(json("[\"true\"]"));
    long second = counter.count(json("[true]"));
    assertThat(first).isEqualTo(o200k.countTokensOrdinary("[") + o200k.countTokensOrdinary("\"true\"")
        + o200k.countTokensOrdinary("]"));
    assertThat(second).isEqualTo(o200k.countTokensOrdinary("[") + o200k.countTokensOrdinary("true")
        + o200k.countTokensOrdinary("]"));
    assertThat(counter.count(json("[\"true\"]"))).isEqualTo(first);
  }

  @Test
  void aChangedDocumentOnlyTokenizesTheChangedStrings() {
    AtomicLong calls = new AtomicLong();
    Encoding o200k = jtokkit(TokenEncoding.O200K_BASE);
    List<String> tokenized = new ArrayList<>();
    SegmentTokenCounter counter = new SegmentTokenCounter("o200k_base", text -> {
      calls.incrementAndGet();
      synchronized (tokenized) {
        tokenized.add(text);
      }
      return o200k.countTokensOrdinary(text);
    }, TokenCounter.DEFAULT_CACHE_CHARS);

    ObjectNode files = JsonNodeFactory.instance.objectNode();
    files.put("src/A.java", "class A {}\n".repeat(5_000));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      b.append("class B").append(i).append(" {}\n"); // varied lines, as in real files
    }
    files.put("src/B.java", b.toString());
    files.put("README.md", "# Read me\n");
    ObjectNode v1 = JsonNodeFactory.instance.objectNode();
    v1.set("files", files);
    long first = counter.count(ContextDocument.of(v1));
    // Long strings go to the tokenizer in pieces (TextChunks): more calls than strings missed.
    assertThat(calls.get()).isGreaterThanOrEqualTo(counter.tokenizations()).isPositive();

    calls.set(0);
    tokenized.clear();
    assertThat(counter.count(ContextDocument.of(v1))).isEqualTo(first);
    assertThat(calls.get()).as("an unchanged document is counted from the cache").isZero();

    ObjectNode v2 = v1.deepCopy();
    String edited = "class B { int x; }\n" + b.substring(b.indexOf("\n") + 1);
    ((ObjectNode) v2.get("files")).put("src/B.java", edited);
    long second = counter.count(ContextDocument.of(v2));
    String quotedEdit = "\"" + edited.replace("\n", "\\n") + "\"";
    assertThat(calls.get()).as("only the edited piece of the edited file is tokenized").isEqualTo(1);
    assertThat(tokenized).singleElement().satisfies(piece -> {
      assertThat(quotedEdit).startsWith(piece);
      assertThat(piece.length()).isLessThan(quotedEdit.length() / 10);
    });
    assertThat(second).isEqualTo(new SegmentTokenCounter("fresh", o200k::countTokensOrdinary, 0).count(v2));
  }

  @Test
  void theRealCounterCachesToo() {
    SegmentTokenCounter counter = (SegmentTokenCounter) TokenCounter.bpe();
    ContextDocument doc = ContextDocument.parse("{\"a\":\"" + "lorem ipsum ".repeat(1000) + "\",\"b\":[1,2]}");
    long first = counter.count(doc);
    long before = counter.tokenizations();
    assertThat(counter.count(doc)).isEqualTo(first);
    assertThat(counter.tokenizations()).isEqualTo(before);
  }

  @Test
  void theCacheIsBounded() {
    SegmentTokenCounter counter = new SegmentTokenCounter("len", String::length, 100 * SegmentTokenCounter.ENTRY_WEIGHT);
    for (int i = 0; i < 10_000; i++) {
      counter.count(JsonNodeFactory.instance.textNode("s" + i));
    }
    assertThat(counter.cachedEntries()).isPositive().isLessThanOrEqualTo(100);
    // A string heavier than the whole cache is counted right, just not kept.
    String huge = "y".repeat(200 * SegmentTokenCounter.ENTRY_WEIGHT);
    assertThat(counter.count(JsonNodeFactory.instance.textNode(huge))).isEqualTo(huge.length() + 2);
  }

  @Test
  void noCacheMeansEveryStringIsTokenized() {
    SegmentTokenCounter counter = new SegmentTokenCounter("len", String::length, 0);
    JsonNode node = json("{\"a\":\"x\"}");
    counter.count(node);
    long once = counter.tokenizations();
    counter.count(node);
    assertThat(counter.tokenizations()).isEqualTo(2 * once);
    assertThat(counter.cachedEntries()).isZero();
    assertThatThrownBy(() -> new SegmentTokenCounter("len", String::length, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countingIsThreadSafe() throws Exception {
    TokenCounter shared = TokenCounter.bpe();
    Encoding o200k = jtokkit(TokenEncoding.O200K_BASE);
    RandomJson random = new RandomJson(99L);
    List<JsonNode> nodes = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      JsonNode node = random.value(0);
      nodes.add(node);
      expected.add(Segments.texts(node).stream().mapToLong(o200k::countTokensOrdinary).sum());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> nodes.stream().map(shared::count).toList()));
      }
      for (Future<List<Long>> r : results) {
        assertThat(r.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPatchCountsAsItsJsonForm() {
    Patch patch = Patch.of(
        new PatchOperation.Add(JsonPointer.parse("/files/a.txt"), TextNode.valueOf("hello world")),
        new PatchOperation.Remove(JsonPointer.parse("/files/b.txt")));
    TokenCounter counter = TokenCounter.bpe();
    Encoding o200k = jtokkit(TokenEncoding.O200K_BASE);
    JsonNode form = patch.toJsonNode();
    long expected = Segments.texts(form).stream().mapToLong(o200k::countTokensOrdinary).sum();
    assertThat(counter.count(patch)).isEqualTo(expected).isEqualTo(counter.count(form)).isPositive();
    assertThat(TokenCounter.estimator().count(patch)).isEqualTo(TokenCounter.estimator().count(form));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "abcd", "abcde", "abcdefgh", "abcdefghi"})
  void estimatorIsCharsOverFourRoundedUp(String text) {
    assertThat(TokenCounter.estimator().count(text)).isEqualTo((text.length() + 3) / 4);
  }

  @Test
  void estimatorCountsBySegments() {
    TokenCounter estimator = TokenCounter.estimator();
    // {  "a"  :  "hello"  }  → 1 + 1 + 1 + 2 + 1
    assertThat(estimator.count(json("{\"a\":\"hello\"}"))).isEqualTo(6);
    // 😀 is two UTF-16 chars: "😀" is 4 chars, 1 token
    assertThat(estimator.count(json("\"😀\""))).isEqualTo(1);
    RandomJson random = new RandomJson(3L);
    for (int i = 0; i < 100; i++) {
      JsonNode node = random.value(0);
      long expected = Segments.texts(node).stream().mapToLong(s -> (s.length() + 3) / 4).sum();
      assertThat(estimator.count(node)).isEqualTo(expected);
      assertThat(estimator.count(ContextDocument.of(node))).isEqualTo(expected);
    }
  }
}
