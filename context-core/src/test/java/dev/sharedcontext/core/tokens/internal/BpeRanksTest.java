package dev.sharedcontext.core.tokens.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading a {@code .tiktoken} file: its base64, its ranks, its line ends, and what is refused. */
class BpeRanksTest {

  /** Every single byte (rank = the byte), then {@code extra} lines, joined with {@code eol}. */
  private static byte[] file(String eol, String... extra) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      b.append(Base64.getEncoder().encodeToString(new byte[] {(byte) i})).append(' ').append(i).append(eol);
    }
    for (String line : extra) {
      b.append(line).append(eol);
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String token(String text, int rank) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + " " + rank;
  }

  private static int count(BpeRanks ranks, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ranks.count(bytes, 0, bytes.length);
  }

  @Test
  void decodesWhatJavasEncoderWroteAtAnyPlaceOfThePool() {
    Random random = new Random(7);
    for (int n = 0; n < 2_000; n++) {
      byte[] token = new byte[random.nextInt(70)];
      random.nextBytes(token);
      byte[] text = ("  " + Base64.getEncoder().encodeToString(token) + " ").getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[token.length + 10];
      int at = random.nextInt(10);

      int length = BpeRanks.decodeBase64(text, 2, text.length - 1, out, at);

      assertThat(length).isEqualTo(token.length);
      assertThat(Arrays.copyOfRange(out, at, at + length)).isEqualTo(token);
    }
  }

  @Test
  void refusesWhatIsNotPaddedBase64() {
    for (String bad : new String[] {"YQ", "YQ=", "YWJ", "Y-Fi", "Y_Fi", "YQ==YQ==", "Y=Fi", "A=B=", "====", "YW\u00e9i"}) {
      byte[] text = bad.getBytes(StandardCharsets.UTF_8);
      assertThat(BpeRanks.decodeBase64(text, 0, text.length, new byte[16], 0)).as(bad).isEqualTo(-1);
    }
  }

  @Test
  void mergesByTheRanksReadWithEitherLineEnd() {
    for (String eol : new String[] {"\n", "\r\n"}) {
      BpeRanks ranks = BpeRanks.parse(file(eol, "", token("ab", 256), token("cd", 257), token("abcd", 258),
          token("bc", 300)), "test.tiktoken");

      assertThat(count(ranks, "ab")).isEqualTo(1);
      assertThat(count(ranks, "abcd")).as("ab and cd first (lower ranks than bc), then abcd").isEqualTo(1);
      assertThat(count(ranks, "abc")).isEqualTo(2);
      assertThat(count(ranks, "xbcx")).isEqualTo(3);
      assertThat(count(ranks, "é")).as("two bytes, no merge of them").isEqualTo(2);
    }
  }

  @Test
  void readsALastLineWithoutALineEnd() {
    byte[] withoutEnd = Arrays.copyOf(file("\n", token("ab", 256)), file("\n", token("ab", 256)).length - 1);
    assertThat(count(BpeRanks.parse(withoutEnd, "test.tiktoken"), "ab")).isEqualTo(1);
  }

  @Test
  void refusesAMalformedLineOrAMissingByte() {
    for (String bad : new String[] {"YWI=", "YWI= ", " 256", "YWI= 2x6", "YWI= -1", "YW= 256", "YWI=\t256",
        "YWI= 1234567890"}) {
      assertThatThrownBy(() -> BpeRanks.parse(file("\n", bad), "test.tiktoken")).as(bad)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a token line in test.tiktoken");
    }
    byte[] without7 = new String(file("\n"), StandardCharsets.US_ASCII).replace("Bw== 7\n", "")
        .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> BpeRanks.parse(without7, "test.tiktoken"))
        .isInstanceOf(IllegalStateException.class).hasMessage("test.tiktoken has no token for the byte 7");
  }
}
