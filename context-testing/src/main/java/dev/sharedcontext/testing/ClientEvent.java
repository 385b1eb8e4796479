package dev.sharedcontext.testing;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import java.time.Duration;
import java.util.Objects;

/**
 * One event a {@link RecordingListener} received: one record per method of
 * {@link dev.sharedcontext.client.ClientListener}, with that method's arguments.
 */
public sealed interface ClientEvent {

  /** {@code onSnapshot}: the cache was loaded whole. */
  record Snapshot(long version, ContextDocument context) implements ClientEvent {
    public Snapshot {
      Objects.requireNonNull(context, "context");
    }
  }

  /** {@code onUpdate}: the cache moved from {@code version - 1} to {@code version}. */
  record Update(long version, Patch patch, String agentId, long tokensSaved) implements ClientEvent {
    public Update {
      Objects.requireNonNull(patch, "patch");
      Objects.requireNonNull(agentId, "agentId");
    }
  }

  /** {@code onConnected}: the stream is open. */
  record Connected() implements ClientEvent {}

  /** {@code onDisconnected}: an open stream closed; {@code cause} null for an orderly close. */
  record Disconnected(Throwable cause) implements ClientEvent {}

  /** {@code onReconnecting}: attempt {@code attempt} will be made after {@code delay}. */
  record Reconnecting(int attempt, Duration delay) implements ClientEvent {}

  /** {@code onResynced}: the cache caught up from {@code fromVersion} to {@code toVersion} in one step. */
  record Resynced(long fromVersion, long toVersion) implements ClientEvent {}

  /** {@code onDeleted}: the project was deleted. */
  record Deleted() implements ClientEvent {}

  /** {@code onError}: a failure no call could report. */
  record Error(ContextException error) implements ClientEvent {
    public Error {
      Objects.requireNonNull(error, "error");
    }
  }
}
