package dev.sharedcontext.testing;

import dev.sharedcontext.client.SharedContextClient;
import java.util.Objects;

/**
 * One agent's connection in a test: its client and the listener that recorded that client's
 * events from the very first one.
 *
 * @param projectId the project the client reads and writes
 * @param agentId who the client's commits are attributed to
 * @param client the client; closed by {@link #close()} or by the {@link TestServer} that made it
 * @param events every event of {@code client}; the ones before it was ready (the connection,
 *     the first snapshot) are already taken, so the queue starts with what happened after
 */
public record TestAgent(String projectId, String agentId, SharedContextClient client, RecordingListener events)
    implements AutoCloseable {

  public TestAgent {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(events, "events");
  }

  /** Closes the client. Idempotent. */
  @Override
  public void close() {
    client.close();
  }
}
