package dev.sharedcontext.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordingListenerTest {
  private static final Duration SHORT = Duration.ofMillis(20);

  @Test
  void takesEventsInTheOrderTheyCame() {
    RecordingListener events = new RecordingListener();
    events.onConnected();
    events.onSnapshot(1, ContextDocument.parse("{\"a\":1}"));
    events.onUpdate(2, Patch.parse("[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]"), "planner", 3);

    assertThat(events.takeEvent()).isInstanceOf(ClientEvent.Connected.class);
    assertThat(events.takeEvent(ClientEvent.Snapshot.class).version()).isEqualTo(1);
    ClientEvent.Update u = events.takeEvent(ClientEvent.Update.class);
    assertThat(u.version()).isEqualTo(2);
    assertThat(u.agentId()).isEqualTo("planner");
    events.assertNoMoreEvents();
    assertThat(events.events()).hasSize(3);
  }

  @Test
  void theWrongTypeNamesWhatCameInstead() {
    RecordingListener events = new RecordingListener();
    events.onDeleted();
    assertThatThrownBy(() -> events.takeEvent(ClientEvent.Update.class))
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected Update").hasMessageContaining("Deleted");
  }

  @Test
  void noEventInTimeIsAnAssertionError() {
    RecordingListener events = new RecordingListener();
    assertThatThrownBy(() -> events.takeEvent(SHORT)).isInstanceOf(AssertionError.class).hasMessageContaining("no event");
  }

  @Test
  void leftoverEventsFailTheNoMoreEventsCheck() {
    RecordingListener events = new RecordingListener();
    events.onResynced(1, 4);
    assertThatThrownBy(events::assertNoMoreEvents).isInstanceOf(AssertionError.class).hasMessageContaining("Resynced");
    assertThatThrownBy(() -> events.assertNoMoreEvents(SHORT)).isInstanceOf(AssertionError.class);
    events.assertNoMoreEvents(SHORT); // the one above took it
  }

  @Test
  void awaitEventSkipsOthers() {
    RecordingListener events = new RecordingListener();
    events.onDisconnected(null);
    events.onReconnecting(1, Duration.ofMillis(10));
    events.onConnected();
    events.onDeleted();
    assertThat(events.awaitEvent(ClientEvent.Connected.class, SHORT)).isNotNull();
    assertThat(events.takeEvent()).isInstanceOf(ClientEvent.Deleted.class);
  }

  @Test
  void awaitVersionAcceptsWhicheverEventReachesIt() {
    RecordingListener events = new RecordingListener();
    events.onConnected();
    events.onSnapshot(1, ContextDocument.parse("{}"));
    events.onResynced(1, 3);
    events.onDeleted();
    assertThat(events.awaitVersion(1, SHORT)).isInstanceOf(ClientEvent.Snapshot.class);
    assertThat(events.awaitVersion(2, SHORT)).isEqualTo(new ClientEvent.Resynced(1, 3));
    assertThatThrownBy(() -> events.awaitVersion(4, SHORT)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("version 4 not reached");
  }

  @Test
  void onlyRecordsTheChosenTypes() {
    RecordingListener events = RecordingListener.only(ClientEvent.Deleted.class);
    events.onConnected();
    events.onDeleted();
    assertThat(events.takeEvent()).isInstanceOf(ClientEvent.Deleted.class);
    events.assertNoMoreEvents();
  }
}
