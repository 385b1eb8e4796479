package dev.sharedcontext.testing.internal;

import dev.sharedcontext.client.ClientBuilder;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.testing.ClientEvent;
import dev.sharedcontext.testing.RecordingListener;
import dev.sharedcontext.testing.TestAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The agents a {@link dev.sharedcontext.testing.TestServer} made, one per project and agent id,
 * each made ready once: its stream open and, if the project had a head, that head in its cache.
 * The events of getting ready are taken from its recorder, so a test's first
 * {@code takeEvent} sees what came after.
 */
public final class Agents {
  private final Function<String, ClientBuilder> builders;
  private final Duration readyTimeout;
  private final ContextStore store;
  private final Map<String, TestAgent> agents = new LinkedHashMap<>();

  public Agents(Function<String, ClientBuilder> builders, Duration readyTimeout, ContextStore store) {
    this.builders = builders;
    this.readyTimeout = readyTimeout;
    this.store = store;
  }

  /** The agent, made ready on first use. */
  public synchronized TestAgent get(String projectId, String agentId) {
    String key = projectId + "\u0000" + agentId;
    TestAgent a = agents.get(key);
    if (a == null) {
      a = start(projectId, agentId);
      agents.put(key, a);
    }
    return a;
  }

  private TestAgent start(String projectId, String agentId) {
    RecordingListener events = new RecordingListener();
    SharedContextClient client = builders.apply(projectId).agentId(agentId).listener(events).build();
    try {
      if (client.options().streaming()) {
        events.awaitEvent(ClientEvent.Connected.class, readyTimeout);
        // The head as the store has it once the stream is open: the client reaches at least that
        // version through its snapshot or an update. Those events are taken, later ones stay.
        long head = store.head(projectId).map(s -> s.version().version()).orElse(0L);
        if (head > 0) {
          events.awaitVersion(head, readyTimeout);
        }
      }
      return new TestAgent(projectId, agentId, client, events);
    } catch (RuntimeException | AssertionError e) {
      client.close();
      throw e;
    }
  }

  /** Closes every agent made so far; later calls make new ones. */
  public void closeAll() {
    List<TestAgent> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(agents.values());
      agents.clear();
    }
    for (TestAgent a : toClose) {
      a.close();
    }
  }
}
