package dev.sharedcontext.integration;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A launch of {@link ContextIntegration#launchAgentsOptimized}: its sessions and its end.
 * Closing it tears down every client still open (agents still running lose theirs and are marked
 * FAILED). Thread-safe; {@link #close()} is idempotent.
 */
public interface AgentRun extends AutoCloseable {

  /** The sessions of the agents that were launched, in the order given. */
  List<AgentSession> sessions();

  /**
   * Completes when every agent has finished, with their outcomes in the order given; never
   * completes exceptionally.
   */
  CompletableFuture<List<AgentOutcome>> completion();

  @Override
  void close();
}
