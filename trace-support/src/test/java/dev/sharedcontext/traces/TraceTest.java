package dev.sharedcontext.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

  @Test
  void replayedStatesMatchTheMetaDigests() {
    for (String name : Trace.NAMES) {
      Trace trace = Trace.load(name);
      assertThat(trace.size()).as(name).isEqualTo((int) trace.metaLong("versions"));
      List<String> digests = new ArrayList<>();
      for (Trace.Version v : trace.versions()) {
        digests.add(TraceDigest.of(v.state()));
      }
      assertThat(digests.get(0)).as(name + " v0").isEqualTo(trace.metaText("sha256_v0"));
      assertThat(digests.get(digests.size() - 1)).as(name + " last").isEqualTo(trace.metaText("sha256_last"));
      assertThat(TraceDigest.ofAll(digests)).as(name + " all").isEqualTo(trace.metaText("sha256_all_versions"));
    }
  }

  @Test
  void codePointOrderPutsSupplementaryCharactersAfterTheBmp() {
    assertThat(TraceDigest.compareCodePoints("\uFFFF", "\uD83D\uDE00")).isNegative();
    assertThat("\uFFFF".compareTo("\uD83D\uDE00")).isPositive(); // why String order is not used
  }
}
