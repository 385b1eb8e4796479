package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Line starts found on demand agree with the lines {@link TextLines#split} cuts, asked in any order. */
class LineIndexTest {
  private static final String[] PIECES = {"a", "bc", "\n", "\r\n", "\n\n", "x\n", "é", "😀", " "};

  @Test
  void startsAndCountAgreeWithTheSplitLines() {
    Random r = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      StringBuilder sb = new StringBuilder();
      int pieces = r.nextInt(40);
      for (int i = 0; i < pieces; i++) {
        sb.append(PIECES[r.nextInt(PIECES.length)]);
      }
      String s = sb.toString();
      List<String> lines = TextLines.split(s);
      int[] expected = new int[lines.size() + 1];
      for (int i = 0; i < lines.size(); i++) {
        expected[i + 1] = expected[i] + lines.get(i).length();
      }
      LineIndex index = new LineIndex(s);
      // A few lines first (as an edit asks), then every one, then past the end.
      int early = r.nextInt(lines.size() + 2);
      assertThat(index.start(early)).as("%s line %d", s, early).isEqualTo(early <= lines.size() ? expected[early] : -1);
      for (int i = 0; i <= lines.size(); i++) {
        assertThat(index.start(i)).as("%s line %d", s, i).isEqualTo(expected[i]);
      }
      assertThat(index.start(lines.size() + 1)).isEqualTo(-1);
      assertThat(index.count()).isEqualTo(lines.size());
      assertThat(new LineIndex(s).count()).isEqualTo(lines.size());
      assertThat(TextLines.lineCount(s)).isEqualTo(lines.size());
    }
  }
}
