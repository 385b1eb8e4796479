package dev.sharedcontext.integration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code context stats}: per-project figures and the token economy, from {@code /metrics}. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Per-project sizes and subscribers, tokens saved, cache and compression figures.")
final class StatsCommand extends ServerCommand {
  @Override
  public Integer call() {
    JsonNode m = http().getJson("/metrics");
    if (json()) {
      printJson(m);
      return ContextCommand.EXIT_OK;
    }
    Table projects = new Table("PROJECT", "VERSION", "SIZE", "TOKENS", "VERSIONS", "HISTORY", "SUBSCRIBERS");
    for (JsonNode p : m.path("contextSizes")) {
      projects.row(p.path("projectId").asText(), Format.count(p.path("version").asLong()),
          Format.bytes(p.path("size").asLong()), Format.count(p.path("tokens").asLong()),
          Format.count(p.path("versions").asLong()), Format.bytes(p.path("historyBytes").asLong()),
          Format.count(p.path("subscribers").asLong()));
    }
    if (m.path("contextSizes").isEmpty()) {
      out().println("No contexts.");
    } else {
      out().print(projects.render());
    }
    long saved = m.path("tokensSaved").asLong();
    long served = m.path("tokensServed").asLong();
    out().println();
    out().print(Table.keyValue()
        .row("tokens served", Format.count(served))
        .row("tokens saved", Format.count(saved) + " (" + Format.percent(saved + served == 0 ? 0
            : (double) saved / (saved + served)) + " of what full contexts would have cost)")
        .row("cache hit rate", Format.percent(m.path("cacheHitRate").asDouble()) + " (" + Format.count(m.path("cacheHits").asLong())
            + " hits)")
        .row("compression", Format.ratio(m.path("compressionRatio").asDouble(1)) + " (" + Format.bytes(m.path("compressionSaved").asLong())
            + " saved)")
        .row("commits", Format.count(m.path("commits").asLong()) + " (" + Format.count(m.path("conflicts").asLong()) + " conflicts)")
        .row("updates sent", Format.count(m.path("updatesSent").asLong()) + " (" + Format.count(m.path("updatesDropped").asLong())
            + " dropped, " + Format.count(m.path("catchUps").asLong()) + " catch-ups, "
            + Format.count(m.path("snapshotsSent").asLong()) + " snapshots)")
        .row("bytes sent", Format.bytes(m.path("bytesSent").asLong()))
        .render());
    return ContextCommand.EXIT_OK;
  }
}
