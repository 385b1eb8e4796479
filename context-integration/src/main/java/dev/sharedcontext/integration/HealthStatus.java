package dev.sharedcontext.integration;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of one {@code /health} check.
 *
 * @param server the server checked
 * @param state what the check concluded
 * @param checkedAt when the check finished
 * @param latency how long the request took (up to the probe timeout when it got no answer)
 * @param status the server's {@code status} member ({@code ok}, {@code draining}...), empty when DOWN
 * @param serverVersion the server's {@code version} member, empty when DOWN
 * @param contexts projects held, -1 when unknown
 * @param connections open connections, -1 when unknown
 * @param uptimeSeconds the server's uptime, -1 when unknown
 * @param error why the check failed (DOWN) or what the server said (DEGRADED); empty when UP
 */
public record HealthStatus(URI server, HealthState state, Instant checkedAt, Duration latency, String status,
    String serverVersion, long contexts, long connections, long uptimeSeconds, String error) {

  public HealthStatus {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(error, "error");
  }

  /** A check that got no answer. */
  public static HealthStatus down(URI server, Instant at, Duration latency, String error) {
    return new HealthStatus(server, HealthState.DOWN, at, latency, "", "", -1, -1, -1, error);
  }

  /** True if the server answered at all (UP or DEGRADED). */
  public boolean answered() {
    return state != HealthState.DOWN;
  }
}
