package dev.sharedcontext.integration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.integration.internal.ServerHttp;
import picocli.CommandLine.Command;

/** {@code context health}: one line about the server's health; the exit code says it too. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Checks /health: exit 0 when ok, 3 when the server answers but is not ok, 1 when unreachable.")
final class HealthCommand extends ServerCommand {
  @Override
  public Integer call() {
    ServerHttp http = http();
    long t0 = System.nanoTime();
    JsonNode h = health(http);
    long micros = (System.nanoTime() - t0) / 1000;
    if (json()) {
      printJson(h);
    } else {
      out().print(new Table("STATUS", "SERVER", "LATENCY", "CONTEXTS", "CONNECTIONS", "UPTIME", "VERSION")
          .row(h.path("status").asText("?"), http.base(), String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0),
              Format.count(h.path("contexts").asLong()), Format.count(h.path("connections").asLong()),
              Format.uptime(h.path("uptime").asLong(-1)), h.path("version").asText("?"))
          .render());
    }
    return exitFor(h);
  }
}
