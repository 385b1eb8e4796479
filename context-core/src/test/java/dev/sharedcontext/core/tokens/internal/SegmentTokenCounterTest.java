package dev.sharedcontext.core.tokens.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.traces.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Counting a version alongside the one it was made from: the same figure, for less work. */
class SegmentTokenCounterTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  /** Counts without a cache: every segment tokenized whole, nothing remembered. */
  private static final SegmentTokenCounter UNCACHED = new SegmentTokenCounter("o200k_base", O200K::countTokensOrdinary, 0);

  /** A counter of o200k_base with the default cache. */
  private static SegmentTokenCounter cached() {
    return new SegmentTokenCounter("o200k_base", O200K::countTokensOrdinary, TokenCounter.DEFAULT_CACHE_CHARS);
  }

  private static long exact(ContextDocument document) {
    return Segments.texts(tree(document)).stream().mapToLong(O200K::countTokensOrdinary).sum();
  }

  private static JsonNode tree(ContextDocument document) {
    return dev.sharedcontext.core.internal.InternalAccess.tree(document);
  }

  private static String file(SplittableRandom random, int length) {
    String[] words = {"return", "value", "context", "final", "int", "String", "if", "else", "for", "index", "é",
        "東京", "\"quoted\"", "back\\slash", "\t", "(", ")", "{", "}", "null", "😀", "count"};
    StringBuilder s = new StringBuilder(length + 100);
    while (s.length() < length) {
      s.append("    ");
      for (int i = 2 + random.nextInt(10); i > 0; i--) {
        s.append(words[random.nextInt(words.length)]).append(' ');
      }
      s.setLength(s.length() - 1);
      s.append('\n');
    }
    return s.toString();
  }

  /** {@code {"files": {...}}} with three source files of some 4,000 chars, {@code src/File0.java} to 2. */
  private static ObjectNode threeFiles(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ObjectNode root = F.objectNode();
    ObjectNode files = root.putObject("files");
    for (int i = 0; i < 3; i++) {
      files.put("src/File" + i + ".java", file(random, 4000));
    }
    return root;
  }

  /** {@code s} with a line inserted, removed or replaced, or a few chars changed anywhere. */
  private static String edit(SplittableRandom random, String s) {
    int at = switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> s.length();
      default -> random.nextInt(s.length() + 1);
    };
    at = boundary(s, at);
    int removed = random.nextBoolean() ? 0 : Math.min(s.length() - at, random.nextInt(random.nextInt(8) == 0 ? 900 : 60));
    removed = boundary(s, at + removed) - at;
    String inserted = switch (random.nextInt(4)) {
      case 0 -> "";
      case 1 -> "x";
      case 2 -> file(random, random.nextInt(120));
      default -> random.nextInt(8) == 0 ? file(random, 1500) : " edited line " + random.nextInt(1000) + "\n";
    };
    return s.substring(0, at) + inserted + s.substring(at + removed);
  }

  /** {@code i}, or the place before it if it would split a surrogate pair (documents refuse halves). */
  private static int boundary(String s, int i) {
    return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))
        ? i - 1 : i;
  }

  /** A random change of a document: files edited, added, removed, shrunk to short or grown long. */
  private static ObjectNode change(SplittableRandom random, ObjectNode root) {
    ObjectNode next = root.deepCopy();
    ObjectNode files = (ObjectNode) next.get("files");
    ArrayNode notes = (ArrayNode) next.get("notes");
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      List<String> names = new ArrayList<>();
      files.fieldNames().forEachRemaining(names::add);
      int what = random.nextInt(10);
      if (what < 6 && !names.isEmpty()) {
        String name = names.get(random.nextInt(names.size()));
        files.put(name, edit(random, files.get(name).textValue()));
      } else if (what == 6) {
        files.put("new" + random.nextInt(100) + ".txt", file(random, random.nextInt(3000)));
      } else if (what == 7 && !names.isEmpty()) {
        String name = names.get(random.nextInt(names.size()));
        files.put(name, random.nextBoolean() ? "short now" : file(random, 900 + random.nextInt(200)));
      } else if (what == 8 && !names.isEmpty()) {
        files.remove(names.get(random.nextInt(names.size())));
      } else if (notes.size() > 0) {
        int index = random.nextInt(notes.size());
        JsonNode note = notes.get(index);
        if (random.nextInt(4) == 0) {
          notes.remove(index); // every later note moves up one index
        } else if (note.isTextual()) {
          notes.set(index, F.textNode(edit(random, note.textValue())));
        } else {
          notes.set(index, F.textNode(file(random, 2000)));
        }
      }
    }
    return next;
  }

  private static ObjectNode initial(SplittableRandom random) {
    ObjectNode root = F.objectNode();
    ObjectNode files = root.putObject("files");
    for (int i = 0; i < 4; i++) {
      files.put("src/File" + i + ".java", file(random, random.nextInt(4) == 0 ? random.nextInt(1000) : 1000 + random.nextInt(5000)));
    }
    ArrayNode notes = root.putArray("notes");
    notes.add(file(random, 1500));
    notes.add(42);
    notes.add(file(random, 3000));
    ObjectNode nested = root.putObject("nested");
    nested.putObject("deeper").put("text", file(random, 2500));
    return root;
  }

  @Test
  void aVersionCountedFromThePreviousCountsWhatItCountsAlone() {
    SplittableRandom random = new SplittableRandom(8L);
    SegmentTokenCounter counter = cached();
    for (int run = 0; run < 6; run++) {
      ObjectNode root = initial(random);
      ContextDocument previous = ContextDocument.of(root);
      assertThat(counter.count(previous)).isEqualTo(exact(previous));
      for (int v = 0; v < 40; v++) {
        if (random.nextInt(10) == 0) {
          ((ObjectNode) root.get("nested").get("deeper")).put("text", edit(random, root.get("nested").get("deeper").get("text").textValue()));
        }
        root = change(random, root);
        ContextDocument document = ContextDocument.of(root);
        long expected = UNCACHED.count(document);
        assertThat(counter.count(document, previous)).as("run %d, version %d", run, v).isEqualTo(expected)
            .isEqualTo(exact(document));
        previous = document;
      }
    }
  }

  /** The figure does not depend on previous: any document, even an unrelated one. */
  @Test
  void anyPreviousGivesTheSameFigure() {
    SplittableRandom random = new SplittableRandom(21L);
    SegmentTokenCounter counter = cached();
    List<ContextDocument> documents = new ArrayList<>();
    ObjectNode root = initial(random);
    for (int i = 0; i < 12; i++) {
      documents.add(ContextDocument.of(root));
      root = change(random, root);
    }
    documents.add(ContextDocument.parse("[\"" + file(random, 2000).replace("\\", "\\\\").replace("\"", "\\\"")
        .replace("\n", "\\n").replace("\t", "\\t") + "\"]"));
    documents.add(ContextDocument.empty());
    for (ContextDocument previous : documents) {
      counter.count(previous);
    }
    for (ContextDocument document : documents) {
      for (ContextDocument previous : documents) {
        assertThat(counter.count(document, previous)).isEqualTo(UNCACHED.count(document));
      }
    }
  }

  /**
   * A one-line edit of a 4 KB file in {"files":{...}} counts a few of its pieces, not all of them:
   * this fails if counting from the previous version quietly fell back to counting every piece.
   */
  @Test
  void aOneLineEditOfAFileCountsAFewPieces() {
    AtomicLong tokenized = new AtomicLong();
    SegmentTokenCounter counter = new SegmentTokenCounter("o200k_base", text -> {
      tokenized.addAndGet(text.length());
      return O200K.countTokensOrdinary(text);
    }, TokenCounter.DEFAULT_CACHE_CHARS);
    ObjectNode root = threeFiles(4L);
    JsonNode files = root.get("files");
    ContextDocument v1 = ContextDocument.of(root);
    long before = counter.piecesCounted();
    counter.count(v1);
    long everyPiece = (counter.piecesCounted() - before) / 3;
    assertThat(everyPiece).as("pieces of a 4 KB file").isGreaterThan(25);

    String text = files.get("src/File1.java").textValue();
    int line = text.indexOf('\n', text.length() / 2) + 1;
    ObjectNode next = root.deepCopy();
    ((ObjectNode) next.get("files")).put("src/File1.java",
        text.substring(0, line) + "    long edited = 12345L; // changed\n" + text.substring(line));
    ContextDocument v2 = ContextDocument.of(next);

    before = counter.piecesCounted();
    long tokenizationsBefore = counter.tokenizations();
    tokenized.set(0);
    assertThat(counter.count(v2, v1)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.piecesCounted() - before).as("pieces counted").isBetween(1L, 4L);
    assertThat(tokenized.get()).as("chars tokenized").isPositive().isLessThan(400);
    assertThat(counter.tokenizations() - tokenizationsBefore).as("the edited file is one tokenization").isEqualTo(1);

    // The same edit counted alone looks every piece up.
    SegmentTokenCounter alone = cached();
    alone.count(v1);
    before = alone.piecesCounted();
    assertThat(alone.count(v2)).isEqualTo(UNCACHED.count(v2));
    assertThat(alone.piecesCounted() - before).isGreaterThan(25);
  }

  /**
   * A version of another shape that shares nothing with the previous one near the top (a whole
   * context replaced, parsed apart) is walked whole, since walking the two side by side would walk
   * both; the small numbers, booleans, nulls and empty strings that any two parsed trees share as
   * Jackson's instances do not count. One made from it by a patch is counted by difference. All
   * exact.
   */
  @Test
  void anUnrelatedVersionIsWalkedWhole() {
    SegmentTokenCounter counter = cached();
    ObjectNode root = threeFiles(9L);
    root.putObject("meta").put("n", 1).put("flag", true).putNull("none").put("e", "");
    root.putArray("notes").add(2).add(false);
    ContextDocument v1 = ContextDocument.of(root);
    counter.count(v1);
    ContextDocument v2 = ContextDocument.parse("{\"files\":{\"a\":\"x\"},\"meta\":{\"n\":1,\"flag\":true,"
        + "\"none\":null,\"e\":\"\"},\"notes\":[2,false,{\"k\":\"v\"}]}");
    long walks = counter.documentsWalked();
    long differences = counter.differencesWalked();
    assertThat(counter.count(v2, v1)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.documentsWalked()).isEqualTo(walks + 1);
    assertThat(counter.differencesWalked()).isEqualTo(differences);

    ContextDocument v3 = Patch.parse("[{\"op\":\"add\",\"path\":\"/notes/2/more\",\"value\":[true,null]}]").apply(v2);
    assertThat(counter.count(v3, v2)).isEqualTo(UNCACHED.count(v3));
    assertThat(counter.documentsWalked()).isEqualTo(walks + 1);
    assertThat(counter.differencesWalked()).isEqualTo(differences + 1);
  }

  /**
   * A patch that edits a file and puts an object where the next file was changes the document's
   * shape, found after the edit: it is counted from the previous version's total and the segments
   * that differ, the edited file from the pieces of its previous version (itself an edited string,
   * whose layout is kept under its identity only), and nothing is tokenized but the new line and
   * the object.
   */
  @Test
  void anEditBesideAChangeOfShapeIsCountedFromThePieces() {
    AtomicLong tokenized = new AtomicLong();
    SegmentTokenCounter counter = new SegmentTokenCounter("o200k_base", text -> {
      tokenized.addAndGet(text.length());
      return O200K.countTokensOrdinary(text);
    }, TokenCounter.DEFAULT_CACHE_CHARS);
    ContextDocument v1 = ContextDocument.of(threeFiles(8L));
    counter.count(v1);
    ContextDocument v2 = Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/src~1File1.java\",\"hunks\":[[30,1,"
        + "\"    long edited = 1L; // changed\\n\"]]}]").apply(v1);
    assertThat(counter.count(v2, v1)).isEqualTo(UNCACHED.count(v2));
    long walks = counter.documentsWalked();
    long differences = counter.differencesWalked();

    ContextDocument v3 = Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/src~1File1.java\",\"hunks\":[[31,1,"
        + "\"    long edited = 2L; // changed again\\n\"]]},"
        + "{\"op\":\"replace\",\"path\":\"/files/src~1File2.java\",\"value\":{\"text\":\"class New {}\\n\"}}]")
        .apply(v2);
    tokenized.set(0);
    assertThat(counter.count(v3, v2)).isEqualTo(UNCACHED.count(v3));
    assertThat(counter.differencesWalked()).isEqualTo(differences + 1);
    assertThat(counter.documentsWalked()).isEqualTo(walks);
    assertThat(tokenized.get()).as("chars tokenized").isPositive().isLessThan(400);
  }

  /**
   * An edited file's layout is kept under the string object, not its text, whose hash would cost
   * a read of every char on every commit: the same object counted again takes no piece and no
   * tokenization; an equal text in another object (a document parsed afresh) is counted exactly
   * from the cached pieces (the price of the choice, paid once per object); the next edit is
   * counted from the kept layout.
   */
  @Test
  void anEditedStringIsKeptUnderItsIdentity() {
    SegmentTokenCounter counter = cached();
    ContextDocument v1 = ContextDocument.of(threeFiles(6L));
    counter.count(v1);
    Patch edit = Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/src~1File1.java\",\"hunks\":[[30,1,"
        + "\"    long edited = 1L; // changed\\n\"]]}]");
    ContextDocument v2 = edit.apply(v1);
    assertThat(counter.count(v2, v1)).isEqualTo(UNCACHED.count(v2));

    long pieces = counter.piecesCounted();
    long tokenizations = counter.tokenizations();
    assertThat(counter.count(v2)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.piecesCounted()).as("pieces counted again").isEqualTo(pieces);
    assertThat(counter.tokenizations()).as("tokenizations again").isEqualTo(tokenizations);

    ContextDocument copy = ContextDocument.parse(v2.canonicalJson());
    String file = "/files/src~1File1.java";
    assertThat(copy.get(file).orElseThrow().textValue()).isEqualTo(v2.get(file).orElseThrow().textValue())
        .isNotSameAs(v2.get(file).orElseThrow().textValue());
    assertThat(counter.count(copy)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.piecesCounted() - pieces).as("pieces of the copy, looked up").isGreaterThan(25);

    Patch another = Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/src~1File1.java\",\"hunks\":[[60,1,"
        + "\"    long edited = 2L; // changed again\\n\"]]}]");
    ContextDocument v3 = another.apply(v2);
    pieces = counter.piecesCounted();
    assertThat(counter.count(v3, v2)).isEqualTo(UNCACHED.count(v3));
    assertThat(counter.piecesCounted() - pieces).as("pieces of the next edit").isBetween(1L, 4L);
  }

  /**
   * A stream of edits, each a line never seen before, and the patches that carry them: the cache
   * keeps each file's latest layout, not the pieces an edit cut anew nor the patches' strings, so
   * it does not grow with the stream (it did, by a few entries an edit, until evicted by weight,
   * and the garbage made long young-collection pauses under load).
   */
  @Test
  void editsAndTheirPatchesDoNotFillTheCache() {
    SegmentTokenCounter counter = cached();
    ContextDocument doc = ContextDocument.of(threeFiles(9L));
    counter.count(doc);
    long entries = counter.cachedEntries();
    for (int i = 0; i < 200; i++) {
      Patch patch = Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/src~1File1.java\",\"hunks\":[[7,1,"
          + "\"    long edited = " + (1_000_000 + i) + "L; // changed by agent " + i + "\\n\"]]}]");
      ContextDocument next = patch.apply(doc);
      assertThat(counter.count(next, doc)).isEqualTo(UNCACHED.count(next));
      assertThat(counter.count(patch)).isEqualTo(UNCACHED.count(patch));
      doc = next;
    }
    assertThat(counter.cachedEntries()).as("entries after 200 edits (before: %d)", entries).isLessThanOrEqualTo(entries + 20);
  }

  /**
   * Of a one-line edit's patch, only the new line is tokenized once the names, the operation and
   * the path are known; the lines themselves are still not kept.
   */
  @Test
  void aPatchRepeatsOnlyItsNewTextToTheTokenizer() {
    SegmentTokenCounter counter = cached();
    counter.count(editOfLine7(0));
    for (int i = 1; i <= 20; i++) {
      Patch patch = editOfLine7(i);
      long before = counter.tokenizations();
      long entries = counter.cachedEntries();
      assertThat(counter.count(patch)).isEqualTo(UNCACHED.count(patch));
      assertThat(counter.tokenizations() - before).as("tokenizer calls for patch %d", i).isEqualTo(1);
      assertThat(counter.cachedEntries()).as("entries after patch %d", i).isEqualTo(entries);
    }
  }

  private static Patch editOfLine7(int i) {
    return Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/src~1File1.java\",\"hunks\":[[7,1,"
        + "\"    long edited = " + (1_000_000 + i) + "L; // changed by agent " + i + "\\n\"]]}]");
  }

  /** One operation of a patch, as JSON. */
  private static ObjectNode op(String op, String path, JsonNode value) {
    ObjectNode o = F.objectNode().put("op", op).put("path", path);
    if (value != null) {
      o.set("value", value);
    }
    return o;
  }

  private static JsonNode scalar(SplittableRandom random) {
    return switch (random.nextInt(9)) {
      case 0 -> F.numberNode(random.nextInt());
      case 1 -> F.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
      case 2 -> F.numberNode(1e21);
      case 3 -> F.booleanNode(random.nextBoolean());
      case 4 -> F.nullNode();
      case 5 -> F.textNode("line " + random.nextInt(100) + " \"quoted\" \u00e9\t東京 😀");
      case 6 -> F.textNode(file(random, 1500 + random.nextInt(3000)));
      default -> F.textNode("word" + random.nextInt(10));
    };
  }

  /**
   * A version of its head's shape (scalars changed, of any type, a file edited or replaced) is
   * counted from the head's total, without a walk of the document; a version of another shape
   * (a member added or removed, a scalar made an object, an array grown) is walked. Every figure is
   * exact. This fails if the shape test let a change of structure through (the figure), or if
   * counting from the total quietly fell back to a walk (the walks).
   */
  @Test
  void aVersionOfItsHeadsShapeIsCountedFromTheHeadsTotal() {
    SplittableRandom random = new SplittableRandom(31L);
    SegmentTokenCounter counter = cached();
    ObjectNode root = F.objectNode();
    ObjectNode files = root.putObject("files");
    for (int i = 0; i < 200; i++) {
      files.put("f" + i, i % 40 == 0 ? file(random, 3000) : "line " + i);
    }
    ArrayNode values = root.putArray("values");
    for (int i = 0; i < 8; i++) {
      values.add(scalar(random));
    }
    values.addObject().put("deep", "x").putArray("list").add(1).add("two");
    ContextDocument doc = ContextDocument.of(root);
    assertThat(counter.count(doc)).isEqualTo(exact(doc));
    long walks = counter.documentsWalked();
    for (int v = 0; v < 300; v++) {
      ArrayNode ops = F.arrayNode();
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        int what = random.nextInt(5);
        if (what == 0) {
          ops.add(op("replace", "/files/f" + random.nextInt(200), scalar(random)));
        } else if (what == 1) {
          String path = "/files/f" + 40 * random.nextInt(5);
          JsonNode now = doc.get(path).orElseThrow();
          ops.add(op("replace", path, F.textNode(now.isTextual() ? edit(random, now.textValue()) : file(random, 3000))));
        } else if (what == 2) {
          ops.add(op("replace", "/values/" + random.nextInt(8), scalar(random)));
        } else if (what == 3) {
          ops.add(op("replace", "/values/8/list/" + random.nextInt(2), scalar(random)));
        } else {
          ops.add(op("test", "/values/8/deep", doc.get("/values/8/deep").orElseThrow()));
        }
      }
      ContextDocument next = Patch.fromJson(ops).apply(doc);
      assertThat(counter.count(next, doc)).as("version %d: %s", v, ops).isEqualTo(UNCACHED.count(next))
          .isEqualTo(exact(next));
      doc = next;
    }
    assertThat(counter.documentsWalked()).as("walks of versions of one shape").isEqualTo(walks);

    List<JsonNode> otherShapes = List.of(
        F.arrayNode().add(op("add", "/files/new", F.textNode("a new file"))),
        F.arrayNode().add(op("remove", "/files/f3", null)),
        F.arrayNode().add(op("replace", "/files/f5", F.objectNode().put("now", "an object"))),
        F.arrayNode().add(op("replace", "/values/8/list", F.arrayNode().add(1).add("two").add(3))),
        F.arrayNode().add(op("replace", "/values/8", F.textNode("a scalar where an object was"))),
        F.arrayNode().add(op("add", "/values/0", F.numberNode(7))),
        F.arrayNode().add(op("replace", "/files/f7", F.textNode("same shape again"))));
    long differences = counter.differencesWalked();
    for (JsonNode ops : otherShapes) {
      ContextDocument next = Patch.fromJson(ops).apply(doc);
      boolean sameShape = ops.get(0).get("path").asText().equals("/files/f7");
      assertThat(counter.count(next, doc)).as("%s", ops).isEqualTo(UNCACHED.count(next)).isEqualTo(exact(next));
      // Another shape is counted from the segments that differ, the same shape from the scalars.
      assertThat(counter.differencesWalked()).as("after %s", ops).isEqualTo(sameShape ? differences : ++differences);
      doc = next;
    }
    assertThat(counter.documentsWalked()).as("walks of the whole document").isEqualTo(walks);
  }

  /**
   * A document counted once is not walked again, alone or from any previous version; an equal
   * document of its own is. Without a total of the previous version (a counter that never counted
   * it), a version of the same shape is walked, and counted right. A document keeps the total of
   * the last counter that counted it: another counter's is walked again, and right.
   */
  @Test
  void aDocumentsTotalIsKeptWithIt() {
    SplittableRandom random = new SplittableRandom(33L);
    SegmentTokenCounter counter = cached();
    ObjectNode root = initial(random);
    ContextDocument v1 = ContextDocument.of(root);
    ContextDocument v2 = Patch.fromJson(F.arrayNode().add(op("replace", "/notes/1", F.numberNode(43)))).apply(v1);
    assertThat(counter.count(v2, v1)).as("v1 never counted").isEqualTo(UNCACHED.count(v2));
    assertThat(counter.documentsWalked()).isEqualTo(1);
    assertThat(counter.count(v2)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.count(v2, ContextDocument.empty())).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.documentsWalked()).as("v2 counted again").isEqualTo(1);
    ContextDocument copy = ContextDocument.parse(v2.canonicalJson());
    assertThat(counter.count(copy)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.documentsWalked()).as("an equal document of its own").isEqualTo(2);

    SegmentTokenCounter other = new SegmentTokenCounter("o200k_base", O200K::countTokensOrdinary, 1024);
    assertThat(other.count(v2)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.count(v2)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.documentsWalked()).as("after another counter's count").isEqualTo(3);
    assertThat(other.count(copy)).isEqualTo(UNCACHED.count(v2));
    assertThat(UNCACHED.count(copy)).isEqualTo(UNCACHED.count(v2));
    assertThat(other.documentsWalked()).isEqualTo(2);
  }

  /**
   * The total a document keeps does not keep its counter: a counter nobody holds any more goes,
   * with its cache, while the documents it counted live on (a store's history held its counter's
   * cache through its head document, 1.3 MB of cobra's measured history).
   */
  @Test
  void aDocumentDoesNotHoldTheCounterThatCountedIt() {
    ContextDocument document = ContextDocument.of(threeFiles(15L));
    SegmentTokenCounter counter = cached();
    long total = counter.count(document);
    java.lang.ref.WeakReference<SegmentTokenCounter> held = new java.lang.ref.WeakReference<>(counter);
    counter = null;
    for (int i = 0; i < 20 && held.get() != null; i++) {
      System.gc(); // a full collection on G1 and the other collectors the build runs on
    }
    assertThat(held.get()).as("the counter, after collections").isNull();
    assertThat(cached().count(document)).isEqualTo(total);
  }

  /** Elements are matched by index, members by name, at any depth. */
  @Test
  void nestedStringsAreCountedFromTheStringAtTheirPlace() {
    SplittableRandom random = new SplittableRandom(6L);
    SegmentTokenCounter counter = cached();
    String a = file(random, 3000);
    String b = file(random, 3000);
    ObjectNode root = F.objectNode();
    ArrayNode list = root.putObject("x").putArray("list");
    list.add(a);
    list.addObject().put("inner", b);
    ContextDocument v1 = ContextDocument.of(root);
    counter.count(v1);

    ObjectNode next = root.deepCopy();
    ArrayNode nextList = (ArrayNode) next.get("x").get("list");
    nextList.set(0, F.textNode(a + "and a few more words at the end"));
    ((ObjectNode) nextList.get(1)).put("inner", "a few words first " + b);
    ContextDocument v2 = ContextDocument.of(next);
    long before = counter.piecesCounted();
    assertThat(counter.count(v2, v1)).isEqualTo(UNCACHED.count(v2));
    assertThat(counter.piecesCounted() - before).as("pieces counted of two 3 KB strings").isBetween(2L, 8L);

    // b moved to another index: nothing at its new place to count from, but the count is right
    ObjectNode moved = next.deepCopy();
    ((ArrayNode) moved.get("x").get("list")).insert(0, "first");
    ContextDocument v3 = ContextDocument.of(moved);
    assertThat(counter.count(v3, v2)).isEqualTo(UNCACHED.count(v3));
  }

  @Test
  void aStringAtAPlaceWhereTheOldOneWasNoStringOrShort() {
    SplittableRandom random = new SplittableRandom(10L);
    SegmentTokenCounter counter = cached();
    String longText = file(random, 2000);
    List<JsonNode> values = List.of(F.numberNode(1), F.textNode("short"), F.textNode(longText),
        F.textNode(longText.substring(0, 1010)), F.textNode(longText.substring(0, 1030)), F.objectNode(),
        F.arrayNode().add(longText), F.nullNode(), F.textNode(longText + "\"\\\n".repeat(300)),
        F.textNode("\n".repeat(200)));
    for (JsonNode from : values) {
      for (JsonNode to : values) {
        ContextDocument previous = ContextDocument.of(F.objectNode().set("v", from));
        ContextDocument document = ContextDocument.of(F.objectNode().set("v", to));
        counter.count(previous);
        assertThat(counter.count(document, previous)).as("%s -> %s", from.getNodeType(), to.getNodeType())
            .isEqualTo(UNCACHED.count(document));
      }
    }
  }

  /** Counting from a previous version whose pieces are not cached (a new counter) is exact too. */
  @Test
  void withoutThePreviousPiecesItCountsTheUsualWay() {
    SplittableRandom random = new SplittableRandom(12L);
    ObjectNode root = initial(random);
    ContextDocument v1 = ContextDocument.of(root);
    ContextDocument v2 = ContextDocument.of(change(random, root));
    SegmentTokenCounter fresh = cached();
    assertThat(fresh.count(v2, v1)).isEqualTo(UNCACHED.count(v2));
    assertThat(UNCACHED.count(v2, v1)).isEqualTo(UNCACHED.count(v2));
    // Once counted from, an old version is counted right again too (its entry may have gone).
    assertThat(fresh.count(v1)).isEqualTo(UNCACHED.count(v1));
    assertThat(TokenCounter.estimator().count(v2, v1)).isEqualTo(TokenCounter.estimator().count(v2));
  }

  @Test
  void nullsAreRejectedByName() {
    SegmentTokenCounter counter = new SegmentTokenCounter("len", String::length, 1000);
    ContextDocument doc = ContextDocument.empty();
    assertThatThrownBy(() -> counter.count(doc, null)).isInstanceOf(NullPointerException.class).hasMessage("previous");
    assertThatThrownBy(() -> counter.count(null, doc)).isInstanceOf(NullPointerException.class).hasMessage("document");
    TokenCounter estimator = TokenCounter.estimator();
    assertThatThrownBy(() -> estimator.count(doc, null)).isInstanceOf(NullPointerException.class).hasMessage("previous");
  }

  /** A store's commits count each new version alongside its head: the recorded figure is exact. */
  @Test
  void aStoreCountsEachCommitFromItsHead() {
    SegmentTokenCounter counter = cached();
    SplittableRandom random = new SplittableRandom(14L);
    try (ContextStore store = ContextStore.inMemory(StoreOptions.builder().tokenCounter(counter).build())) {
      ObjectNode root = F.objectNode();
      root.putObject("files").put("big.txt", file(random, 4000));
      store.commit("p", CommitRequest.replace(ContextDocument.of(root)).by("a"));
      long pieces = 0;
      for (int v = 0; v < 20; v++) {
        ObjectNode next = root.deepCopy();
        String text = root.get("files").get("big.txt").textValue();
        int line = text.indexOf('\n', random.nextInt(text.length())) + 1;
        ((ObjectNode) next.get("files")).put("big.txt", text.substring(0, line) + "    edited " + v + "\n" + text.substring(line));
        long before = counter.piecesCounted();
        CommitResult result = store.commit("p", CommitRequest.replace(ContextDocument.of(next)).by("a"));
        pieces += counter.piecesCounted() - before;
        assertThat(result.version().tokens()).isEqualTo(UNCACHED.count(result.document()));
        root = next;
      }
      assertThat(pieces).as("pieces counted in 20 one-line commits").isLessThan(20 * 5);
    }
  }

  static Iterable<String> traces() {
    return Trace.NAMES;
  }

  /** The real histories, each version counted from the one before. */
  @ParameterizedTest
  @MethodSource("traces")
  void realHistoriesCountedVersionByVersion(String name) {
    Trace trace = Trace.load(name);
    SegmentTokenCounter counter = cached();
    SegmentTokenCounter alone = cached();
    ContextDocument previous = null;
    long piecesFromPrevious = 0;
    long piecesAlone = 0;
    for (Trace.Version version : trace.versions()) {
      ObjectNode files = F.objectNode();
      for (Map.Entry<String, String> e : version.state().entrySet()) {
        files.put(e.getKey(), e.getValue());
      }
      ContextDocument document = ContextDocument.of(F.objectNode().set("files", files));
      long before = counter.piecesCounted();
      long beforeAlone = alone.piecesCounted();
      long count = previous == null ? counter.count(document) : counter.count(document, previous);
      assertThat(count).as("%s v%d", name, version.version()).isEqualTo(alone.count(document));
      if (previous != null) {
        piecesFromPrevious += counter.piecesCounted() - before;
        piecesAlone += alone.piecesCounted() - beforeAlone;
      }
      if (version.version() % 25 == 0) {
        assertThat(count).isEqualTo(UNCACHED.count(document));
      }
      previous = document;
    }
    System.out.printf("%s: %d versions; pieces counted after v0: %d from the previous version, %d alone%n",
        name, trace.size() - 1, piecesFromPrevious, piecesAlone);
    assertThat(piecesFromPrevious).isLessThan(piecesAlone / 2);
  }
}
