package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.internal.InternalAccess;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An edited string's canonical bytes made from its previous version's ({@code
 * CanonicalBytes.reencode}) are exactly the bytes encoded from scratch, with every kind of char
 * around the change: escapes, control chars, two- and three-byte chars, surrogate pairs (an edit
 * may fall between the two halves of one).
 */
class ReencodeTest {
  private static final String[] KINDS = {"a", "b", " ", "\n", "\"", "\\", "\t", "\u0001", "é", "€", "😀", "\uD83D\uDE00x"};

  private static String text(Random r, int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append(r.nextInt(3) == 0 ? KINDS[r.nextInt(KINDS.length)] : "plain words ");
    }
    return sb.toString();
  }

  @Test
  void reencodingEqualsEncodingForRandomEdits() {
    Random r = new Random(3);
    for (int round = 0; round < 20_000; round++) {
      String before = text(r, r.nextInt(round % 20 == 0 ? 3_000 : 300));
      int at = before.isEmpty() ? 0 : r.nextInt(before.length() + 1);
      int cut = Math.min(before.length() - at, r.nextInt(6));
      // Cuts may fall inside a surrogate pair: the result holds lone halves, which the encoder
      // writes as three bytes each; the split must still agree with it.
      String after = before.substring(0, at) + (r.nextBoolean() ? "" : text(r, r.nextInt(8))) + before.substring(at + cut);
      byte[] expected = CanonicalBytes.encode(after);
      assertThat(CanonicalBytes.reencode(before, CanonicalBytes.encode(before), after))
          .as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void encodedLengthIsTheLengthOfTheRegionsOwnEncoding() {
    Random r = new Random(5);
    for (int round = 0; round < 300; round++) {
      String s = text(r, 600 + r.nextInt(2_000));
      for (int k = 0; k < 10; k++) {
        int from = r.nextInt(s.length() / 4);
        int length = Math.min(s.length() - from, r.nextInt(1_500));
        assertEncodedLength(s, from, from + length);
      }
    }
    // A region that ends or begins between the halves of a pair, or at a lone half.
    String plain = "x".repeat(40);
    for (String piece : new String[] {"\uD83D\uDE00", "\uD83D", "\uDE00", "\uD83D\uD83D\uDE00", "é€\n"}) {
      String s = plain.substring(0, 20) + piece + plain.substring(20);
      for (int cut = 18; cut <= 20 + piece.length() + 2; cut++) {
        assertEncodedLength(s, 0, cut);
        assertEncodedLength(s, cut, s.length());
      }
    }
  }

  private static void assertEncodedLength(String s, int from, int to) {
    // The region on its own: a pair it cuts leaves a lone half, which is measured as such.
    assertThat(CanonicalBytes.encodedLength(s, from, to))
        .as("chars %d to %d of %d", from, to, s.length())
        .isEqualTo(CanonicalBytes.encode(s.substring(from, to)).length - 2);
  }

  @Test
  void editsAtTheEndsAndOfEverything() {
    String s = "😀 line one\n\"two\"\n€ three 😀";
    for (String after : new String[] {"", "x", s + "!", "!" + s, s.substring(1), s.substring(0, s.length() - 1),
        s.replace("two", "2"), "😀😀", s + s}) {
      assertThat(CanonicalBytes.reencode(s, CanonicalBytes.encode(s), after)).as(after).isEqualTo(CanonicalBytes.encode(after));
      assertThat(CanonicalBytes.reencode(after, CanonicalBytes.encode(after), s)).as(after).isEqualTo(CanonicalBytes.encode(s));
    }
  }

  @Test
  void documentsPatchedByTextEditsHashAsFreshOnes() {
    Random r = new Random(5);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode files = root.putObject("files");
    for (int i = 0; i < 3; i++) {
      StringBuilder file = new StringBuilder();
      for (int line = 0; line < 60; line++) {
        file.append(text(r, 10 + r.nextInt(50)).replace("\n", " ")).append('\n');
      }
      files.put("f" + i, file.toString());
    }
    ContextDocument doc = ContextDocument.of(root);
    doc.hash();
    for (int round = 0; round < 300; round++) {
      ArrayNode patch = JsonNodeFactory.instance.arrayNode();
      // One or two edits of one file: two make a chain of versions within one patch.
      String name = "f" + r.nextInt(3);
      String current = InternalAccess.tree(doc).get("files").get(name).textValue();
      int lines = (int) current.chars().filter(c -> c == '\n').count();
      for (int k = 0, edits = 1 + r.nextInt(2); k < edits; k++) {
        // Each edit deletes at most as many lines as it inserts, so every line number stays in range.
        ObjectNode op = patch.addObject().put("op", "x-text").put("path", "/files/" + name);
        op.putArray("hunks").addArray().add(1 + r.nextInt(lines - 2)).add(r.nextInt(3))
            .add(text(r, r.nextInt(30)).replace("\n", " ") + "\n" + text(r, 5).replace("\n", " ") + "\n");
      }
      Patch p = Patch.fromJson(patch);
      ContextDocument next = r.nextBoolean() ? p.apply(doc) : p.applyInvertible(doc).document();
      String hash = next.hash();
      ContextDocument fresh = ContextDocument.parse(next.canonicalJson());
      assertThat(hash).as("round %d", round).isEqualTo(fresh.hash());
      assertThat(next.sizeBytes()).isEqualTo(fresh.sizeBytes());
      doc = next;
    }
  }
}
