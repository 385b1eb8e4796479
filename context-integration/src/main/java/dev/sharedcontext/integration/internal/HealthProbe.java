package dev.sharedcontext.integration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.integration.HealthState;
import dev.sharedcontext.integration.HealthStatus;
import java.time.Clock;
import java.time.Duration;

/** One {@code /health} check, turned into a {@link HealthStatus}; never throws. */
public final class HealthProbe {
  private final ServerHttp http;
  private final Clock clock;

  public HealthProbe(ServerHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  public HealthStatus check() {
    long t0 = System.nanoTime();
    ServerHttp.Response r;
    try {
      r = http.get("/health", "application/json");
    } catch (ContextException e) {
      return HealthStatus.down(http.base(), clock.instant(), Duration.ofNanos(System.nanoTime() - t0), e.getMessage());
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - t0);
    JsonNode body;
    try {
      body = r.json();
    } catch (ContextException e) {
      return new HealthStatus(http.base(), HealthState.DEGRADED, clock.instant(), latency, "", "", -1, -1, -1,
          "HTTP " + r.status() + ", not a SharedContext health answer");
    }
    String status = body.path("status").asText("");
    boolean up = r.status() == 200 && status.equals("ok");
    String error = up ? "" : r.ok() ? "status " + status : "HTTP " + r.status() + ": " + r.errorMessage();
    return new HealthStatus(http.base(), up ? HealthState.UP : HealthState.DEGRADED, clock.instant(), latency,
        status, body.path("version").asText(""), body.path("contexts").asLong(-1),
        body.path("connections").asLong(-1), body.path("uptime").asLong(-1), error);
  }
}
