package dev.sharedcontext.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class KeysTest {
  private final Keys keys = new Keys("sc:");

  @Test
  void theKeysOfOneProjectShareOneClusterSlot() {
    for (String id : new String[] {"p", "project-1", "A.b_c", "x".repeat(128)}) {
      int slot = SlotHash.getSlot(keys.head(id));
      assertThat(SlotHash.getSlot(keys.log(id))).isEqualTo(slot);
      assertThat(SlotHash.getSlot(keys.tombstone(id))).isEqualTo(slot);
      assertThat(SlotHash.getSlot(keys.checkpoints(id))).isEqualTo(slot);
      assertThat(slot).isEqualTo(SlotHash.getSlot(id));
    }
    assertThat(SlotHash.getSlot(keys.head("a"))).isNotEqualTo(SlotHash.getSlot(keys.head("b")));
  }

  @Test
  void theLayoutIsTheDocumentedOne() {
    assertThat(keys.head("p1")).isEqualTo("sc:{p1}:head");
    assertThat(keys.log("p1")).isEqualTo("sc:{p1}:log");
    assertThat(keys.tombstone("p1")).isEqualTo("sc:{p1}:deleted");
    assertThat(keys.checkpoints("p1")).isEqualTo("sc:{p1}:checkpoints");
    assertThat(keys.index()).isEqualTo("sc:projects");
    assertThat(keys.channel()).isEqualTo("sc:feed");
  }
}
