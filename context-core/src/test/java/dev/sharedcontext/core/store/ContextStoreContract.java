package dev.sharedcontext.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchFailedException;
import dev.sharedcontext.core.VersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContextStore} must do, written once and run for each implementation: a
 * subclass says how to make a store. Concurrency and trace replays are in their own contracts.
 */
public abstract class ContextStoreContract {

  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00.000Z"));
  protected ContextStore store;
  protected final RecordingListener events = new RecordingListener();

  /** A new, empty store with these options (projects of earlier tests must not be visible). */
  protected abstract ContextStore newStore(StoreOptions options);

  protected StoreOptions.Builder options() {
    return StoreOptions.builder().clock(clock);
  }

  @BeforeEach
  void openStore() {
    store = newStore(options().build());
    store.subscribe(events);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static ContextDocument doc(String json) {
    return ContextDocument.parse(json);
  }

  @Test
  void firstCommitCreatesVersionOne() {
    CommitResult r = store.commit("p1", CommitRequest.replace(doc("{\"a\":1}")).by("agent-a"));
    assertThat(r.created()).isTrue();
    assertThat(r.changed()).isTrue();
    assertThat(r.previousVersion()).isZero();
    ContextVersion v = r.version();
    assertThat(v.version()).isEqualTo(1);
    assertThat(v.projectId()).isEqualTo("p1");
    assertThat(v.agentId()).isEqualTo("agent-a");
    assertThat(v.timestamp()).isEqualTo(clock.instant());
    assertThat(v.hash()).isEqualTo(doc("{\"a\":1}").hash());
    assertThat(v.sizeBytes()).isEqualTo(7);
    assertThat(v.tokens()).isPositive();
    assertThat(store.head("p1")).get().extracting(ContextSnapshot::document).isEqualTo(doc("{\"a\":1}"));
  }

  @Test
  void versionsCountUpByOneAndPatchesApplyToTheHead() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    CommitResult r2 = store.commit("p", CommitRequest.patch(Patch.parse("[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]")));
    CommitResult r3 = store.commit("p", CommitRequest.replace(doc("{\"a\":1,\"b\":3}")));
    assertThat(r2.version().version()).isEqualTo(2);
    assertThat(r3.version().version()).isEqualTo(3);
    assertThat(r3.previousVersion()).isEqualTo(2);
    assertThat(r3.created()).isFalse();
    assertThat(store.head("p").orElseThrow().document()).isEqualTo(doc("{\"a\":1,\"b\":3}"));
    assertThat(store.at("p", 1).document()).isEqualTo(doc("{\"a\":1}"));
    assertThat(store.at("p", 2).document()).isEqualTo(doc("{\"a\":1,\"b\":2}"));
    assertThat(store.at("p", 2).version().version()).isEqualTo(2);
  }

  @Test
  void aChangeThatChangesNothingAddsNoVersion() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    CommitResult same = store.commit("p", CommitRequest.replace(doc("{\"a\":1.0}")));
    assertThat(same.changed()).isFalse();
    assertThat(same.version().version()).isEqualTo(1);
    assertThat(same.patch().isEmpty()).isTrue();
    assertThat(store.history("p", 10, Long.MAX_VALUE)).hasSize(1);
  }

  @Test
  void listenersGetEveryVersionOnceInOrder() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")).by("x"));
    assertThat(events.changes()).extracting(c -> c.version().version()).containsExactly(1L, 2L);
    ContextChange second = events.changes().get(1);
    assertThat(second.previousVersion()).isEqualTo(1);
    assertThat(second.version().agentId()).isEqualTo("x");
    assertThat(second.patch().apply(doc("{\"a\":1}"))).isEqualTo(second.document());
    ContextChange first = events.changes().get(0);
    assertThat(first.patch().apply(ContextDocument.empty())).isEqualTo(first.document());
  }

  @Test
  void aThrowingListenerDoesNotBreakTheStoreOrOtherListeners() {
    store.subscribe(new ContextListener() {
      @Override
      public void onCommit(ContextChange change) {
        throw new IllegalStateException("listener bug (expected in this test)");
      }
    });
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    assertThat(events.changes()).hasSize(2);
  }

  @Test
  void aClosedSubscriptionGetsNothingMore() {
    RecordingListener late = new RecordingListener();
    Subscription s = store.subscribe(late);
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    s.close();
    s.close();
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    assertThat(late.changes()).hasSize(1);
  }

  @Test
  void disjointChangesOnAnOlderBaseAreRebased() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1,\"b\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2,\"b\":1}")).basedOn(1));
    CommitResult r = store.commit("p", CommitRequest.patch(Patch.parse("[{\"op\":\"replace\",\"path\":\"/b\",\"value\":5}]"))
        .basedOn(1));
    assertThat(r.rebased()).isTrue();
    assertThat(r.version().version()).isEqualTo(3);
    assertThat(store.head("p").orElseThrow().document()).isEqualTo(doc("{\"a\":2,\"b\":5}"));
  }

  @Test
  void aWholeDocumentOnAnOlderBaseIsRebasedAsItsDifference() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1,\"b\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2,\"b\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":1,\"b\":7}")).basedOn(1));
    assertThat(store.head("p").orElseThrow().document()).isEqualTo(doc("{\"a\":2,\"b\":7}"));
  }

  @Test
  void overlappingChangesOnAnOlderBaseConflictWithThePaths() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":{\"x\":1},\"b\":1}")));
    store.commit("p", CommitRequest.patch(Patch.parse("[{\"op\":\"replace\",\"path\":\"/a/x\",\"value\":2}]")));
    assertThatThrownBy(() -> store.commit("p",
        CommitRequest.patch(Patch.parse("[{\"op\":\"remove\",\"path\":\"/a\"}]")).basedOn(1)))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> {
          assertThat(e.baseVersion()).isEqualTo(1);
          assertThat(e.currentVersion()).isEqualTo(2);
          assertThat(e.conflictingPaths()).containsExactly("/a/x");
          assertThat(e.code()).isEqualTo("VERSION_CONFLICT");
        });
    assertThat(store.head("p").orElseThrow().version().version()).isEqualTo(2);
  }

  /**
   * A change based on version 0 was made without the project. If the project exists by then
   * (another client created it meanwhile), that is a conflict on the whole document, never a merge
   * into what the other client created, even where their members differ. Later versions' changes
   * are judged by their own paths as before.
   */
  @Test
  void aChangeBasedOnNoProjectConflictsWithItsCreation() {
    store.commit("p", CommitRequest.patch(Patch.parse("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]")).basedOn(0));
    assertThatThrownBy(() -> store.commit("p",
        CommitRequest.patch(Patch.parse("[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]")).basedOn(0)))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> {
          assertThat(e.baseVersion()).isEqualTo(0);
          assertThat(e.currentVersion()).isEqualTo(1);
          assertThat(e.conflictingPaths()).containsExactly("");
          assertThat(e.getMessage()).endsWith("overlapping paths [\"\" (the whole document)]");
        });
    assertThatThrownBy(() -> store.commit("p", CommitRequest.replace(doc("{\"b\":2}")).basedOn(0)))
        .isInstanceOf(VersionConflictException.class);
    assertThat(store.head("p").orElseThrow().document()).isEqualTo(doc("{\"a\":1}"));

    store.commit("p", CommitRequest.patch(Patch.parse("[{\"op\":\"add\",\"path\":\"/c\",\"value\":3}]")));
    CommitResult r = store.commit("p",
        CommitRequest.patch(Patch.parse("[{\"op\":\"add\",\"path\":\"/d\",\"value\":4}]")).basedOn(1));
    assertThat(r.rebased()).isTrue();
    assertThat(store.head("p").orElseThrow().document()).isEqualTo(doc("{\"a\":1,\"c\":3,\"d\":4}"));
  }

  @Test
  void insertingIntoAnArrayConflictsWithChangesToItsElements() {
    store.commit("p", CommitRequest.replace(doc("{\"list\":[\"a\",\"b\",\"c\"]}")));
    store.commit("p", CommitRequest.patch(Patch.parse("[{\"op\":\"add\",\"path\":\"/list/0\",\"value\":\"z\"}]")));
    assertThatThrownBy(() -> store.commit("p",
        CommitRequest.patch(Patch.parse("[{\"op\":\"replace\",\"path\":\"/list/2\",\"value\":\"C\"}]")).basedOn(1)))
        .isInstanceOf(VersionConflictException.class);
  }

  @Test
  void ifHeadIsDemandsTheExactHead() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    assertThatThrownBy(() -> store.commit("p", CommitRequest.replace(doc("{\"b\":1}")).ifHeadIs(1)))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).isEqualTo(2));
    assertThat(store.commit("p", CommitRequest.replace(doc("{\"b\":1}")).ifHeadIs(2)).version().version())
        .isEqualTo(3);
    assertThatThrownBy(() -> store.commit("new", CommitRequest.replace(doc("{}")).ifHeadIs(1)))
        .isInstanceOf(VersionConflictException.class);
    assertThat(store.commit("new", CommitRequest.replace(doc("{}")).ifHeadIs(0)).created()).isTrue();
  }

  @Test
  void aBaseAheadOfTheHeadIsAConflict() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    assertThatThrownBy(() -> store.commit("p", CommitRequest.replace(doc("{\"a\":2}")).basedOn(5)))
        .isInstanceOf(VersionConflictException.class);
  }

  @Test
  void aPatchThatDoesNotApplyChangesNothing() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    assertThatThrownBy(() -> store.commit("p", CommitRequest.patch(Patch.parse(
        "[{\"op\":\"add\",\"path\":\"/b\",\"value\":1},{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]"))))
        .isInstanceOf(PatchFailedException.class);
    assertThat(store.head("p").orElseThrow().version().version()).isEqualTo(1);
    assertThat(store.head("p").orElseThrow().document()).isEqualTo(doc("{\"a\":1}"));
  }

  @Test
  void aFailedFirstCommitLeavesNoProject() {
    assertThatThrownBy(() -> store.commit("p", CommitRequest.patch(Patch.parse(
        "[{\"op\":\"remove\",\"path\":\"/nothing\"}]")))).isInstanceOf(PatchFailedException.class);
    assertThat(store.head("p")).isEmpty();
    assertThat(store.projects()).isEmpty();
    assertThat(store.projectCount()).isZero();
    assertThat(store.commit("p", CommitRequest.replace(doc("{}"))).version().version()).isEqualTo(1);
  }

  @Test
  void sinceGivesOneDeltaOrAFlaggedSnapshot() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2,\"b\":[1,2]}")));
    ContextDocument head = store.head("p").orElseThrow().document();

    CatchUp fromOne = store.since("p", 1);
    assertThat(fromOne).isInstanceOf(CatchUp.Delta.class);
    assertThat(((CatchUp.Delta) fromOne).patch().apply(doc("{\"a\":1}"))).isEqualTo(head);
    assertThat(fromOne.head().version()).isEqualTo(3);

    CatchUp fromTwo = store.since("p", 2);
    assertThat(((CatchUp.Delta) fromTwo).patch().apply(doc("{\"a\":2}"))).isEqualTo(head);

    CatchUp fromHead = store.since("p", 3);
    assertThat(((CatchUp.Delta) fromHead).patch().isEmpty()).isTrue();

    assertThat(store.since("p", 0)).isInstanceOfSatisfying(CatchUp.Snapshot.class, s -> {
      assertThat(s.reason()).isEqualTo(CatchUp.Reason.INITIAL);
      assertThat(s.document()).isEqualTo(head);
    });
    assertThat(store.since("p", 9)).isInstanceOfSatisfying(CatchUp.Snapshot.class,
        s -> assertThat(s.reason()).isEqualTo(CatchUp.Reason.AHEAD));
    assertThatThrownBy(() -> store.since("nope", 1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void changesReplayTheHistoryVersionByVersion() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")).by("x"));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")).by("y"));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2,\"b\":[1,2]}")).by("z"));
    List<ContextChange> changes = store.changes("p", 1, 10);
    assertThat(changes).extracting(c -> c.version().version()).containsExactly(2L, 3L);
    assertThat(changes).extracting(ContextChange::previousVersion).containsExactly(1L, 2L);
    assertThat(changes).extracting(c -> c.version().agentId()).containsExactly("y", "z");
    ContextDocument replay = doc("{\"a\":1}");
    for (ContextChange c : changes) {
      replay = c.patch().apply(replay);
      assertThat(replay).isEqualTo(c.document());
      assertThat(replay.hash()).isEqualTo(c.version().hash());
    }
    assertThat(store.changes("p", 1, 1)).extracting(c -> c.version().version()).containsExactly(2L);
    assertThat(store.changes("p", 3, 10)).isEmpty();
    assertThatThrownBy(() -> store.changes("p", 4, 10)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.changes("p", 0, 10)).isInstanceOf(CompactedException.class);
    assertThatThrownBy(() -> store.changes("nope", 1, 10)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void historyIsNewestFirstWithLimitAndBefore() {
    for (int i = 1; i <= 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      store.commit("p", CommitRequest.replace(doc("{\"n\":" + i + "}")).by("agent-" + i));
    }
    assertThat(store.history("p", 10, Long.MAX_VALUE)).extracting(ContextVersion::version)
        .containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(store.history("p", 2, Long.MAX_VALUE)).extracting(ContextVersion::version).containsExactly(5L, 4L);
    assertThat(store.history("p", 2, 4)).extracting(ContextVersion::version).containsExactly(3L, 2L);
    assertThat(store.history("p", 10, 10).get(0).agentId()).isEqualTo("agent-5");
    assertThat(store.history("p", 10, 10).get(0).hash()).isEqualTo(doc("{\"n\":5}").hash());
    assertThat(store.history("unknown", 10, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void rollbackIsANewVersionWithTheOldContent() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    CommitResult r = store.rollback("p", 1, "fixer");
    assertThat(r.version().version()).isEqualTo(3);
    assertThat(r.version().hash()).isEqualTo(doc("{\"a\":1}").hash());
    assertThat(r.version().agentId()).isEqualTo("fixer");
    assertThatThrownBy(() -> store.rollback("p", 7, "x")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void atChecksTheVersionRange() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    assertThatThrownBy(() -> store.at("p", 0)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.at("p", 2)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.at("q", 1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteRemovesTheProjectAndTellsListeners() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    assertThat(store.delete("p")).isTrue();
    assertThat(store.delete("p")).isFalse();
    assertThat(store.head("p")).isEmpty();
    assertThat(events.deletions()).containsExactly(new RecordingListener.Deletion("p", DeleteReason.DELETED));
    assertThat(store.commit("p", CommitRequest.replace(doc("{}"))).version().version()).isEqualTo(1);
  }

  @Test
  void aConditionalDeleteRemovesTheProjectOnlyAtTheExpectedHead() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    assertThatThrownBy(() -> store.delete("p", 1)).isInstanceOfSatisfying(VersionConflictException.class,
        e -> assertThat(e.currentVersion()).isEqualTo(2));
    assertThat(store.head("p")).isPresent();
    assertThat(events.deletions()).isEmpty();
    assertThat(store.delete("p", 2)).isTrue();
    assertThat(store.head("p")).isEmpty();
    assertThat(store.delete("p", 2)).isFalse();
    assertThat(store.delete("never", 0)).isFalse();
    assertThat(events.deletions()).containsExactly(new RecordingListener.Deletion("p", DeleteReason.DELETED));
    assertThat(store.commit("p", CommitRequest.replace(doc("{}"))).version().version()).isEqualTo(1);
  }

  @Test
  void projectsSummarizeWhatIsHeld() {
    store.commit("p", CommitRequest.replace(doc("{\"a\":1}")));
    store.commit("p", CommitRequest.replace(doc("{\"a\":2}")));
    store.commit("q", CommitRequest.replace(doc("{}")));
    assertThat(store.projects()).extracting(ProjectSummary::projectId).containsExactlyInAnyOrder("p", "q");
    ProjectSummary p = store.projects().stream().filter(s -> s.projectId().equals("p")).findFirst().orElseThrow();
    assertThat(p.head().version()).isEqualTo(2);
    assertThat(p.versionsRetained()).isEqualTo(2);
    assertThat(store.projectCount()).isEqualTo(2);
    store.delete("q");
    assertThat(store.projectCount()).isEqualTo(1);
  }

  @Test
  void badProjectIdsAreRefused() {
    for (String bad : List.of("", "a/b", "a b", "ü", "x".repeat(129))) {
      assertThatThrownBy(() -> store.commit(bad, CommitRequest.replace(doc("{}"))))
          .as("'%s'", bad).isInstanceOf(InvalidInputException.class);
    }
    assertThat(store.commit("A-z_0.9", CommitRequest.replace(doc("{}"))).created()).isTrue();
  }

  @Test
  void contextSizeLimitIsEnforced() {
    store.close();
    store = newStore(options().maxContextBytes(100).build());
    assertThatThrownBy(() -> store.commit("p", CommitRequest.replace(doc("{\"a\":\"" + "x".repeat(200) + "\"}"))))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> {
          assertThat(e.limitName()).isEqualTo("maxContextBytes");
          assertThat(e.limit()).isEqualTo(100);
          assertThat(e.code()).isEqualTo("TOO_LARGE");
        });
  }

  @Test
  void versionsBeyondTheRetainedHistoryAreCompacted() {
    store.close();
    store = newStore(options().maxVersionsPerProject(3).build());
    for (int i = 1; i <= 6; i++) {
      store.commit("p", CommitRequest.replace(doc("{\"n\":" + i + "}")));
    }
    assertThat(store.history("p", 10, Long.MAX_VALUE)).extracting(ContextVersion::version).containsExactly(6L, 5L, 4L);
    assertThat(store.at("p", 4).document()).isEqualTo(doc("{\"n\":4}"));
    assertThatThrownBy(() -> store.at("p", 3)).isInstanceOfSatisfying(CompactedException.class,
        e -> assertThat(e.oldestAvailable()).isEqualTo(4));
    assertThat(store.since("p", 2)).isInstanceOfSatisfying(CatchUp.Snapshot.class,
        s -> assertThat(s.reason()).isEqualTo(CatchUp.Reason.COMPACTED));
    assertThat(store.since("p", 4)).isInstanceOf(CatchUp.Delta.class);
    assertThatThrownBy(() -> store.changes("p", 3, 10)).isInstanceOfSatisfying(CompactedException.class,
        e -> assertThat(e.oldestAvailable()).isEqualTo(4));
    assertThat(store.changes("p", 4, 10)).extracting(c -> c.document()).containsExactly(doc("{\"n\":5}"),
        doc("{\"n\":6}"));
    assertThatThrownBy(() -> store.commit("p", CommitRequest.replace(doc("{\"m\":1}")).basedOn(2)))
        .isInstanceOf(VersionConflictException.class);
    assertThatThrownBy(() -> store.rollback("p", 1, "x")).isInstanceOf(CompactedException.class);
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.head("p")).isInstanceOf(ClosedException.class);
    assertThatThrownBy(() -> store.commit("p", CommitRequest.replace(doc("{}")))).isInstanceOf(ClosedException.class);
  }
}
