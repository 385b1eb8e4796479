package dev.sharedcontext.integration;

import java.util.Objects;

/**
 * The server's health changed between two checks.
 *
 * @param previous the state the check before saw
 * @param current the check that saw the change
 */
public record HealthEvent(HealthState previous, HealthStatus current) {
  public HealthEvent {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
  }

  /** The state now. */
  public HealthState state() {
    return current.state();
  }
}
