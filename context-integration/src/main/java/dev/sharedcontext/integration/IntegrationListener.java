package dev.sharedcontext.integration;

/**
 * Events of a {@link ContextIntegration}. Every method has a no-op default.
 *
 * <p>Health events run on the integration's monitor thread (or on the thread calling
 * {@link ContextIntegration#checkHealth()}), one at a time, in order; agent events
 * run on the thread that launched or finished the agent. A listener that throws is logged at WARN
 * and keeps receiving events; it never stops the monitor or a launch. A slow listener delays the
 * next health check.
 */
public interface IntegrationListener {

  /** The server's health changed since the previous check (the first check is the one made at start). */
  default void onHealthChanged(HealthEvent event) {}

  /** An agent of {@link ContextIntegration#launchAgentsOptimized} was handed to the host's launcher. */
  default void onAgentStarted(AgentSpec agent) {}

  /** An agent finished, failed or could not be launched; its client is closed by now. */
  default void onAgentFinished(AgentOutcome outcome) {}
}
