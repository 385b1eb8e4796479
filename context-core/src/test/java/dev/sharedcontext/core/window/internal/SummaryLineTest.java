package dev.sharedcontext.core.window.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A text's summary line is what splitting it into at most 32 lines and taking the first non-blank one gives. */
class SummaryLineTest {

  private static String bySplit(String text) {
    for (String line : text.split("\n", 32)) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        return trimmed;
      }
    }
    return null;
  }

  @Test
  void agreesWithSplittingIntoLines() {
    String[] parts = {"\n", "\n", " ", "\t", "\r\n", "x", "word ", "  indented\n", "\u2003", "é"};
    Random r = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(round % 10 == 0 ? 120 : 12);
      for (int i = 0; i < n; i++) {
        // mostly blank lines, so that the 32nd line (the rest of the text) is reached too
        sb.append(r.nextInt(6) == 0 ? parts[5 + r.nextInt(parts.length - 5)] : parts[r.nextInt(5)]);
      }
      String text = sb.toString();
      assertThat(WindowBuilder.firstNonBlankLine(text)).as("%s", text.replace("\n", "\\n")).isEqualTo(bySplit(text));
    }
  }

  @Test
  void theRestOfTheTextAfterThirtyOneBlankLinesIsOneLine() {
    String text = "\n".repeat(31) + "  a\nb  ";
    assertThat(WindowBuilder.firstNonBlankLine(text)).isEqualTo("a\nb");
    assertThat(WindowBuilder.firstNonBlankLine("\n \n\t")).isNull();
    assertThat(WindowBuilder.firstNonBlankLine("")).isNull();
  }
}
