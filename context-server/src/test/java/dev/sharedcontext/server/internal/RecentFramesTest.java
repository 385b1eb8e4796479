package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextListener;
import dev.sharedcontext.core.store.ContextStore;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecentFramesTest {
  final RecentFrames recent = new RecentFrames();
  final List<UpdateFrame> made = new ArrayList<>();

  @AfterEach
  void tearDown() {
    recent.clear();
    for (UpdateFrame f : made) {
      assertThat(f.content().refCnt()).as("only the creator's reference is left").isEqualTo(1);
      f.release();
    }
  }

  UpdateFrame frame(long version, long base, int size) {
    UpdateFrame f = new UpdateFrame("p", version, base, 0, 0, ByteBufAllocator.DEFAULT.directBuffer(size).writeZero(size));
    made.add(f);
    return f;
  }

  static List<Long> versions(List<UpdateFrame> frames) {
    List<Long> out = new ArrayList<>();
    for (UpdateFrame f : frames) {
      out.add(f.version());
      f.release();
    }
    return out;
  }

  @Test
  void replaysTheFramesAfterAVersionItReaches() {
    for (long v = 1; v <= 5; v++) {
      recent.add(frame(v, v - 1, 10));
    }
    assertThat(versions(recent.after(2))).containsExactly(3L, 4L, 5L);
    assertThat(versions(recent.after(0))).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(versions(recent.after(5))).isEmpty();
    assertThat(recent.after(6)).isNull();
  }

  @Test
  void keepsOnlyTheNewestWithinItsBounds() {
    for (long v = 1; v <= RecentFrames.MAX_FRAMES + 10; v++) {
      recent.add(frame(v, v - 1, 10));
    }
    assertThat(recent.after(5)).isNull();
    assertThat(versions(recent.after(10))).hasSize(RecentFrames.MAX_FRAMES);
    recent.add(frame(RecentFrames.MAX_FRAMES + 11, RecentFrames.MAX_FRAMES + 10, RecentFrames.MAX_BYTES / 2 + 1));
    recent.add(frame(RecentFrames.MAX_FRAMES + 12, RecentFrames.MAX_FRAMES + 11, RecentFrames.MAX_BYTES / 2));
    assertThat(versions(recent.after(RecentFrames.MAX_FRAMES + 11))).hasSize(1);
    assertThat(recent.after(RecentFrames.MAX_FRAMES + 10)).as("evicted by bytes").isNull();
  }

  @Test
  void keepsTheBytesButNotTheDocumentOfAChange() {
    ContextStore store = ContextStore.inMemory();
    List<ContextChange> changes = new ArrayList<>();
    store.subscribe(new ContextListener() {
      @Override
      public void onCommit(ContextChange change) {
        changes.add(change);
      }
    });
    store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"n\": 1}")));
    UpdateFrame live = new UpdateFrame("p", 1, 0, 0, 0, ByteBufAllocator.DEFAULT.directBuffer(10).writeZero(10),
        changes.get(0), null);
    made.add(live);
    recent.add(live);
    List<UpdateFrame> replayed = recent.after(0);
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).change()).as("a whole document per kept frame is not bounded by bytes").isNull();
    assertThat(versions(replayed)).containsExactly(1L);
    store.close();
  }

  @Test
  void aHoleRestartsTheRun() {
    recent.add(frame(1, 0, 10));
    recent.add(frame(2, 1, 10));
    recent.add(frame(4, 3, 10));
    assertThat(recent.after(1)).isNull();
    assertThat(versions(recent.after(3))).containsExactly(4L);
  }
}
