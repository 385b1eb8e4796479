package dev.sharedcontext.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The block-wise prefix and suffix against a char-by-char reference, across block edges and non-Latin-1 text. */
class CommonAffixesTest {

  private static int naivePrefix(String a, String b) {
    int i = 0;
    while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static int naiveSuffix(String a, String b, int max) {
    int i = 0;
    int limit = Math.min(max, Math.min(a.length(), b.length()));
    while (i < limit && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
      i++;
    }
    return i;
  }

  private static String text(Random r, int length, boolean wide) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(wide && r.nextInt(50) == 0 ? (char) ('\u0400' + r.nextInt(200)) : (char) ('a' + r.nextInt(3)));
    }
    return sb.toString();
  }

  @Test
  void agreesWithACharByCharScanOnEditedStrings() {
    Random r = new Random(7);
    for (int round = 0; round < 3_000; round++) {
      boolean wide = r.nextBoolean();
      String a = text(r, r.nextInt(3_000), wide);
      int at = a.isEmpty() ? 0 : r.nextInt(a.length() + 1);
      int cut = Math.min(a.length() - at, r.nextInt(40));
      String b = a.substring(0, at) + text(r, r.nextInt(40), !wide) + a.substring(at + cut);
      int prefix = CommonAffixes.prefix(a, b);
      assertThat(prefix).as("prefix of round %d", round).isEqualTo(naivePrefix(a, b));
      int max = Math.min(a.length(), b.length()) - prefix;
      assertThat(CommonAffixes.suffix(a, b, max)).as("suffix of round %d", round).isEqualTo(naiveSuffix(a, b, max));
      int anyMax = r.nextInt(3_000);
      assertThat(CommonAffixes.suffix(a, b, anyMax)).isEqualTo(naiveSuffix(a, b, anyMax));
    }
  }

  @Test
  void equalStringsAndEdgesOfABlock() {
    String s = "x".repeat(2048);
    assertThat(CommonAffixes.prefix(s, s)).isEqualTo(2048);
    assertThat(CommonAffixes.suffix(s, s, 5000)).isEqualTo(2048);
    for (int i : new int[] {0, 1, 511, 512, 513, 1023, 1024, 2047}) {
      String t = s.substring(0, i) + "y" + s.substring(i + 1);
      assertThat(CommonAffixes.prefix(s, t)).isEqualTo(i);
      assertThat(CommonAffixes.suffix(s, t, 2048)).isEqualTo(2047 - i);
    }
    assertThat(CommonAffixes.prefix("", "abc")).isZero();
    assertThat(CommonAffixes.suffix("abc", "", 10)).isZero();
  }
}
