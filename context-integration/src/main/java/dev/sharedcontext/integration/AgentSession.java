package dev.sharedcontext.integration;

import dev.sharedcontext.client.SharedContextClient;

/**
 * What {@link ContextIntegration#launchAgentsOptimized} hands the host's launcher for one agent:
 * a client already subscribed to the project, and the agent's view of the context trimmed to its
 * budget. Valid until the agent finishes; then the client is closed. Thread-safe.
 */
public interface AgentSession {

  /** The agent's spec. */
  AgentSpec spec();

  /** The project. */
  String projectId();

  /** The agent's client: streaming, so its cache follows every change; closed when the agent finishes. */
  SharedContextClient client();

  /** The windowed view made when the agent was launched. */
  OptimizedContext view();

  /**
   * A new windowed view of the head for this agent's budget; as a delta from the last view when
   * that is smaller. The head is what the agent's client reads (its live cache, or the server);
   * nothing is committed. When the server does not answer {@code /window}, that version is
   * windowed locally (see {@link OptimizedContext#source()}).
   *
   * @throws dev.sharedcontext.core.ContextException if the head cannot be read (for instance
   *     {@link dev.sharedcontext.core.ConnectionException} with the server down and no live cache)
   */
  OptimizedContext refreshView();
}
