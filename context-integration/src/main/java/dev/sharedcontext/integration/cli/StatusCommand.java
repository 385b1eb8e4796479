package dev.sharedcontext.integration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.integration.internal.ServerHttp;
import picocli.CommandLine.Command;

/** {@code context status}: the server at a glance, from {@code /health} and {@code /metrics}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "The server at a glance: health, contexts, connections, tokens saved.")
final class StatusCommand extends ServerCommand {
  @Override
  public Integer call() {
    ServerHttp http = http();
    JsonNode h = health(http);
    JsonNode m = http.getJson("/metrics");
    if (json()) {
      ObjectNode both = mapper().createObjectNode();
      both.set("health", h);
      both.set("metrics", m);
      printJson(both);
      return exitFor(h);
    }
    long saved = m.path("tokensSaved").asLong();
    long served = m.path("tokensServed").asLong();
    out().println("SharedContext server at " + http.base());
    out().print(Table.keyValue()
        .row("status", h.path("status").asText("?"))
        .row("version", h.path("version").asText("?"))
        .row("uptime", Format.uptime(h.path("uptime").asLong(-1)))
        .row("contexts", Format.count(m.path("activeContexts").asLong()) + " (" + Format.count(m.path("totalVersions").asLong())
            + " versions, " + Format.bytes(m.path("memoryUsage").path("storeBytes").asLong()) + ")")
        .row("connections", Format.count(m.path("activeConnections").asLong()) + " ("
            + Format.count(m.path("subscribers").asLong()) + " subscribers)")
        .row("requests", Format.count(m.path("totalRequests").asLong()) + " (" + Format.count(m.path("commits").asLong())
            + " commits, " + Format.count(m.path("conflicts").asLong()) + " conflicts)")
        .row("tokens saved", Format.count(saved) + " of " + Format.count(saved + served) + " ("
            + Format.percent(saved + served == 0 ? 0 : (double) saved / (saved + served)) + ")")
        .row("heap", Format.bytes(m.path("memoryUsage").path("heapUsed").asLong()) + " used of "
            + Format.bytes(m.path("memoryUsage").path("heapMax").asLong()))
        .render());
    return exitFor(h);
  }
}
