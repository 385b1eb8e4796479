package dev.sharedcontext.integration.internal;

import dev.sharedcontext.client.ClientBuilder;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.integration.AgentStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The agents' clients of an integration, one open client per project and agent, and every
 * agent's counters (which outlive the clients). Thread-safe.
 */
public final class AgentClients {
  private final BiFunction<String, String, ClientBuilder> builders;
  private final Map<String, CountingClient> open = new LinkedHashMap<>();
  private final Map<String, AgentCounters> counters = new LinkedHashMap<>();
  private boolean closed;

  /** @param builders a client builder for (projectId, agentId), all options but the listeners set */
  public AgentClients(BiFunction<String, String, ClientBuilder> builders) {
    this.builders = builders;
  }

  /** The open client of {@code agentId} on {@code projectId}, started on first use. */
  public SharedContextClient client(String projectId, String agentId) {
    String key = key(projectId, agentId);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the integration is closed");
      }
      CountingClient c = open.get(key);
      if (c != null && !c.isClosed()) {
        return c;
      }
      AgentCounters n = counters.computeIfAbsent(key, k -> new AgentCounters(projectId, agentId));
      CountingClient[] self = new CountingClient[1];
      SharedContextClient real = builders.apply(projectId, agentId).listener(n).build();
      self[0] = new CountingClient(real, n, () -> forget(key, self[0]));
      open.put(key, self[0]);
      return self[0];
    }
  }

  /** The counters of an agent on a project, created if new. */
  public synchronized AgentCounters counters(String projectId, String agentId) {
    return counters.computeIfAbsent(key(projectId, agentId), k -> new AgentCounters(projectId, agentId));
  }

  /** Closes the open clients of {@code projectId}. */
  public void closeProject(String projectId) {
    List<CountingClient> toClose = new ArrayList<>();
    synchronized (this) {
      open.forEach((k, c) -> {
        if (c.options().projectId().equals(projectId)) {
          toClose.add(c);
        }
      });
    }
    toClose.forEach(CountingClient::close);
  }

  /** Closes the open client of {@code agentId} on {@code projectId}, if any. */
  public void closeAgent(String projectId, String agentId) {
    CountingClient c;
    synchronized (this) {
      c = open.get(key(projectId, agentId));
    }
    if (c != null) {
      c.close();
    }
  }

  /** Closes every client; no client is handed out after this. */
  public void closeAll() {
    List<CountingClient> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(open.values());
    }
    toClose.forEach(CountingClient::close);
  }

  /** Projects with an open client, in the order first opened. */
  public synchronized List<String> openProjects() {
    return open.values().stream().map(c -> c.options().projectId()).distinct().toList();
  }

  /** Every agent's figures, in the order each was first handed a client. */
  public List<AgentStats> stats() {
    List<AgentCounters> all;
    synchronized (this) {
      all = new ArrayList<>(counters.values());
    }
    return all.stream().map(AgentCounters::snapshot).toList();
  }

  private synchronized void forget(String key, CountingClient c) {
    open.remove(key, c);
  }

  private static String key(String projectId, String agentId) {
    return projectId + "\u0000" + agentId;
  }
}
