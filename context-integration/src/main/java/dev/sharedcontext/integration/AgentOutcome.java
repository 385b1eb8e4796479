package dev.sharedcontext.integration;

import java.time.Duration;
import java.util.Objects;

/**
 * How one agent of a launch ended.
 *
 * @param spec the agent
 * @param status how it ended
 * @param failure what it failed with; null when {@link Status#COMPLETED}
 * @param duration from launch to finish
 * @param stats what its client moved and saved, read after the client was closed
 */
public record AgentOutcome(AgentSpec spec, Status status, Throwable failure, Duration duration, AgentStats stats) {

  /** How an agent ended. */
  public enum Status {
    /** The launcher's stage completed normally. */
    COMPLETED,
    /** The launcher's stage completed exceptionally, or the launch was closed while it ran. */
    FAILED,
    /** It never ran: setting up its client or view failed, or the launcher threw. */
    NOT_LAUNCHED
  }

  public AgentOutcome {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(stats, "stats");
    if ((status == Status.COMPLETED) != (failure == null)) {
      throw new IllegalArgumentException("a failure goes with FAILED or NOT_LAUNCHED, and only with them");
    }
  }
}
