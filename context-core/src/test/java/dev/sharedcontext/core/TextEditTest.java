package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code x-text} extension: line edits of large strings. */
class TextEditTest {

  private static ContextDocument withText(String text) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("t", text);
    return ContextDocument.of(root);
  }

  private static String textOf(ContextDocument doc) {
    return doc.get("/t").orElseThrow().textValue();
  }

  @Test
  void aOneLineChangeInALargeStringCostsOneLine() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      big.append("line number ").append(i).append(" of a large file\n");
    }
    String before = big.toString();
    String after = before.replace("line number 1234 of", "line number 1234 (edited) of");
    Patch p = Patch.diff(withText(before), withText(after));
    assertThat(p.operations()).singleElement().isInstanceOf(PatchOperation.TextEdit.class);
    assertThat(p.toJson()).isEqualTo(
        "[{\"hunks\":[[1234,1,\"line number 1234 (edited) of a large file\\n\"]],\"op\":\"x-text\",\"path\":\"/t\"}]");
    assertThat(p.toJson().length()).isLessThan(100);
    assertThat(textOf(p.apply(withText(before)))).isEqualTo(after);
  }

  @Test
  void shortStringsAndSingleLinesAreReplacedWhole() {
    Patch p = Patch.diff(withText("short"), withText("other"));
    assertThat(p.operations()).singleElement().isInstanceOf(PatchOperation.Replace.class);
  }

  @Test
  void linesKeepTheirTerminators() {
    assertThat(TextLines.split("a\r\nb\n\nc")).containsExactly("a\r\n", "b\n", "\n", "c");
    assertThat(TextLines.split("")).isEmpty();
    assertThat(TextLines.split("\n")).containsExactly("\n");
  }

  @Test
  void hunksThatReachPastTheEndFailTheWholePatch() {
    ContextDocument doc = withText("a\nb\n");
    Patch p = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("t"), List.of(new TextHunk(2, 1, "x\n"))));
    assertThatThrownBy(() -> p.apply(doc)).isInstanceOf(PatchFailedException.class).hasMessageContaining("2 lines");
    Patch onNumber = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("n"), List.of(new TextHunk(0, 0, "x"))));
    ObjectNode root = JsonNodeFactory.instance.objectNode().put("n", 3);
    assertThatThrownBy(() -> onNumber.apply(ContextDocument.of(root)))
        .isInstanceOf(PatchFailedException.class).hasMessageContaining("needs a string");
  }

  @Test
  void insertingAtTheEndAppends() {
    ContextDocument doc = withText("a\nb");
    Patch p = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("t"), List.of(new TextHunk(2, 0, "c\n"))));
    assertThat(textOf(p.apply(doc))).isEqualTo("a\nbc\n");
    assertThat(p.invert(doc).apply(p.apply(doc))).isEqualTo(doc);
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /** Arbitrary hunks, also ones whose text runs into the next kept line: inverting still undoes them. */
  @ParameterizedTest
  @MethodSource("seeds")
  void arbitraryHunksInvertExactly(long seed) {
    Random random = new Random(seed);
    RandomJson json = new RandomJson(seed);
    String text = json.text();
    int lines = TextLines.split(text).size();
    List<TextHunk> hunks = new ArrayList<>();
    int line = 0;
    while (line <= lines && hunks.size() < 4) {
      int at = line + random.nextInt(Math.max(1, lines - line + 1));
      if (at > lines) {
        break;
      }
      int delete = at == lines ? 0 : random.nextInt(Math.min(3, lines - at) + 1);
      String insert = switch (random.nextInt(4)) {
        case 0 -> "";
        case 1 -> "no break";
        case 2 -> "one\r\n";
        default -> "two\nlines\n";
      };
      if (delete == 0 && insert.isEmpty()) {
        insert = "x";
      }
      hunks.add(new TextHunk(at, delete, insert));
      line = at + delete + 1;
    }
    ContextDocument before = withText(text);
    Patch p = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("t"), hunks));
    ContextDocument after = p.apply(before);
    assertThat(p.invert(before).apply(after)).isEqualTo(before);
    Patch again = Patch.diff(before, after);
    assertThat(again.apply(before)).isEqualTo(after);
  }

  @Test
  void anInsertHoldingALoneSurrogateIsRefusedAndPairsSurviveEveryCut() {
    ContextDocument doc = withText("a 😀\n😀 b\nend😀");
    for (String insert : new String[] {"\uD83D", "x\uDE00\n", "\uDE00", "ok\uD83D"}) {
      Patch p = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("t"), List.of(new TextHunk(1, 1, insert))));
      assertThatThrownBy(() -> p.apply(doc)).as("insert %s", insert).isInstanceOf(PatchFailedException.class)
          .hasMessageContaining("lone surrogate");
      Patch atEnd = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("t"), List.of(new TextHunk(3, 0, insert))));
      assertThatThrownBy(() -> atEnd.apply(doc)).isInstanceOf(PatchFailedException.class);
    }
    // Valid inserts at every place, next to pairs: the result is a valid document (parsed back).
    for (int line = 0; line <= 3; line++) {
      for (int delete = 0; line + delete <= 3; delete++) {
        Patch p = Patch.of(new PatchOperation.TextEdit(JsonPointer.of("t"), List.of(new TextHunk(line, delete, "😀x😀"))));
        ContextDocument next = p.apply(doc);
        assertThat(ContextDocument.parse(next.canonicalJson())).isEqualTo(next);
      }
    }
  }
}
