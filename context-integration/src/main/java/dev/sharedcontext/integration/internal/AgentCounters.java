package dev.sharedcontext.integration.internal;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.ClientStats;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.integration.AgentStats;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one agent on one project, kept across its clients' lives: received deltas and
 * reconnects (as a client listener), commits and conflicts (from {@link CountingClient}), windows
 * (from the optimizer), and the client's own read counters, taken when a client closes.
 */
public final class AgentCounters implements ClientListener {
  private final String projectId;
  private final String agentId;
  final LongAdder updatesReceived = new LongAdder();
  final LongAdder tokensSavedReceiving = new LongAdder();
  final LongAdder commits = new LongAdder();
  final LongAdder tokensSavedCommitting = new LongAdder();
  final LongAdder windows = new LongAdder();
  final LongAdder tokensSavedByWindows = new LongAdder();
  final LongAdder conflicts = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  private final LongAdder closedReads = new LongAdder();
  private final LongAdder closedCacheHits = new LongAdder();
  private volatile SharedContextClient live;

  public AgentCounters(String projectId, String agentId) {
    this.projectId = projectId;
    this.agentId = agentId;
  }

  /** The client whose read counters are live now. */
  void attach(SharedContextClient client) {
    this.live = client;
  }

  /** {@code client} closed: its read counters become part of the totals. */
  void detach(SharedContextClient client) {
    if (live == client) {
      ClientStats s = client.stats();
      closedReads.add(s.reads());
      closedCacheHits.add(s.cacheHits());
      live = null;
    }
  }

  public void window(long tokensSaved) {
    windows.increment();
    tokensSavedByWindows.add(tokensSaved);
  }

  public AgentStats snapshot() {
    SharedContextClient c = live;
    ClientStats s = c == null ? null : c.stats();
    return new AgentStats(projectId, agentId, updatesReceived.sum(), tokensSavedReceiving.sum(), commits.sum(),
        tokensSavedCommitting.sum(), windows.sum(), tokensSavedByWindows.sum(), conflicts.sum(), reconnects.sum(),
        closedReads.sum() + (s == null ? 0 : s.reads()), closedCacheHits.sum() + (s == null ? 0 : s.cacheHits()));
  }

  @Override
  public void onUpdate(long version, dev.sharedcontext.core.Patch patch, String committer, long tokensSaved) {
    if (!committer.equals(agentId)) { // its own commits are counted as commits, not as deliveries
      updatesReceived.increment();
      tokensSavedReceiving.add(tokensSaved);
    }
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    reconnects.increment();
  }
}
