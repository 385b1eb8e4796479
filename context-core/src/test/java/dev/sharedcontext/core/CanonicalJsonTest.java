package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 (JCS): the examples of its §3.2.2 and the number test vectors of its Appendix B. */
class CanonicalJsonTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0000000000000000, 0",
      "8000000000000000, 0",
      "0000000000000001, 5e-324",
      "8000000000000001, -5e-324",
      "7fefffffffffffff, 1.7976931348623157e+308",
      "ffefffffffffffff, -1.7976931348623157e+308",
      "4340000000000000, 9007199254740992",
      "c340000000000000, -9007199254740992",
      "4430000000000000, 295147905179352830000",
      "44b52d02c7e14af5, 9.999999999999997e+22",
      "44b52d02c7e14af6, 1e+23",
      "44b52d02c7e14af7, 1.0000000000000001e+23",
      "444b1ae4d6e2ef4e, 999999999999999700000",
      "444b1ae4d6e2ef4f, 999999999999999900000",
      "444b1ae4d6e2ef50, 1e+21",
      "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
      "3eb0c6f7a0b5ed8d, 0.000001",
      "41b3de4355555553, 333333333.3333332",
      "41b3de4355555554, 333333333.33333325",
      "41b3de4355555555, 333333333.3333333",
      "41b3de4355555556, 333333333.3333334",
      "41b3de4355555557, 333333333.33333343",
      "becbf647612f3696, -0.0000033333333333333333",
      "43143ff3c1cb0959, 1424953923781206.2",
  })
  void numbersSerializeAsEcmaScriptDoes(String bits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(CanonicalJson.number(d)).isEqualTo(expected);
  }

  @Test
  void theRfcExampleCanonicalizes() {
    String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n}";
    assertThat(ContextDocument.parse(input).canonicalJson()).isEqualTo(
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void membersSortByUtf16CodeUnits() {
    // RFC 8785 §3.2.3's sorting example: the names as UTF-16 code units.
    String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
        + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
    String canonical = ContextDocument.parse(input).canonicalJson();
    assertThat(canonical).startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\","
        + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void theByteWriterAgreesWithTheTextWriter(long seed) {
    RandomJson random = new RandomJson(seed);
    com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) random.document();
    // Long strings take the encodings' path (the same string twice: the second is looked up, as
    // is every one when written again from the first write's encodings); short ones the direct one.
    String longText = random.text().repeat(20) + "\u00e9\u20ac\ud83d\ude00\u0001\"\\ end";
    root.put("long", longText);
    root.put("again", longText);
    root.put("short", "é€😀\u0007\t");
    CanonicalBytes.Written first = CanonicalBytes.write(root, CanonicalEncodings.NONE);
    byte[] bytes = first.bytes();
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.writeString(root));
    assertThat(CanonicalBytes.write(root, first.encodings()).bytes()).isEqualTo(bytes);
  }

  /**
   * The byte writer copies runs of plain ASCII and handles each other char on its own: a char
   * that is escaped or not ASCII at every place around a run's end (256 chars), in strings short
   * enough to be written directly and long enough to be encoded once and kept.
   */
  @Test
  void everyCharThatIsNotPlainAsciiIsWrittenWhereverItFalls() {
    String[] specials = {"\"", "\\", "\n", "\u0001", "\u001f", "\u007f", "\u0080", "\u00e9", "\u07ff", "\u0800",
        "\u20ac", "\uffff", "\ud83d\ude00"};
    int checked = 0;
    for (int length : new int[] {1, 2, 255, 256, 257, 300, 511, 512, 513, 700}) {
      for (String special : specials) {
        for (int at : new int[] {0, 1, length / 2, 254, 255, 256, 257, 511, 512, length - 1}) {
          if (at < 0 || at >= length) {
            continue;
          }
          String s = "a".repeat(at) + special + "b".repeat(length - at - 1);
          com.fasterxml.jackson.databind.node.ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
              .objectNode().put("s", s).put(s, 1);
          byte[] bytes = CanonicalBytes.write(root, CanonicalEncodings.NONE).bytes();
          assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
              .as("%s at %d of %d", special, at, length).isEqualTo(CanonicalJson.writeString(root));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(900);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void theStreamedDigestIsTheDigestOfTheWrittenBytes(long seed) {
    RandomJson random = new RandomJson(seed);
    com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) random.document();
    // Enough short members to fill the digest buffer several times, and long strings (sent to
    // the digest straight from the encoded-string cache) between them.
    com.fasterxml.jackson.databind.node.ArrayNode many = root.putArray("many");
    for (int i = 0; i < 3000; i++) {
      many.add("item " + i + " \u00e9\n");
      if (i % 500 == 0) {
        many.add(random.text().repeat(30) + i + "\u20ac\"");
      }
    }
    byte[] bytes = CanonicalBytes.write(root, CanonicalEncodings.NONE).bytes();
    assertThat(bytes.length).isGreaterThan(3 * 8192);

    // A document asked for its hash first streams it; one asked for its bytes first hashes them.
    ContextDocument streamed = ContextDocument.of(root);
    String hash = streamed.hash();
    int size = streamed.sizeBytes();
    ContextDocument gathered = ContextDocument.of(root);
    byte[] read = gathered.canonicalBytes();

    assertThat(hash).isEqualTo(CanonicalJson.sha256Hex(bytes)).isEqualTo(gathered.hash());
    assertThat(size).isEqualTo(bytes.length).isEqualTo(gathered.sizeBytes());
    assertThat(read).isEqualTo(bytes);
    assertThat(streamed.canonicalBytes()).isEqualTo(bytes);
    assertThat(streamed).isEqualTo(gathered);
  }

  @Test
  void equalDocumentsHashAlikeWhateverTheirFormatting() {
    ContextDocument a = ContextDocument.parse("{\"b\": [1, 2.0, \"x\"], \"a\": {\"y\": null}}");
    ContextDocument b = ContextDocument.parse("{\"a\":{\"y\":null},\"b\":[1,2,\"x\"]}");
    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(a).isEqualTo(b);
    assertThat(a.sizeBytes()).isEqualTo(b.canonicalJson().length());
  }

  @Test
  void unrepresentableInputIsRefused() {
    assertThatThrownBy(() -> ContextDocument.parse("{\"n\": 9007199254740993}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("2^53");
    assertThatThrownBy(() -> ContextDocument.parse("{\"a\":1,\"a\":2}")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ContextDocument.parse("{\"s\":\"\\ud800\"}")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ContextDocument.parse("{} x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ContextDocument.parse("[".repeat(100) + "]".repeat(100)))
        .isInstanceOf(LimitExceededException.class).hasMessageContaining("maxJsonDepth");
  }
}
