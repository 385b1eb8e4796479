package dev.sharedcontext.integration;

/** The server's health as a check saw it. */
public enum HealthState {
  /** {@code /health} answered 200 with status {@code ok}. */
  UP,
  /** The server answered but is not fully serving: 503, or a status such as {@code draining} or {@code degraded}. */
  DEGRADED,
  /** No answer: connection refused, reset, or no response within the probe timeout. */
  DOWN
}
