package dev.sharedcontext.integration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.integration.internal.ServerHttp;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code context metrics}: every figure of {@code /metrics}, or its Prometheus exposition. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Every figure of /metrics as a table (nested ones as a.b), or the Prometheus exposition.")
final class MetricsCommand extends ServerCommand {
  @Option(names = "--prometheus", description = "Print the Prometheus text exposition (default: a table).")
  boolean prometheus;

  @Override
  public Integer call() {
    ServerHttp http = http();
    if (prometheus) {
      ServerHttp.Response r = http.get("/metrics?format=prometheus", "text/plain");
      if (!r.ok()) {
        throw new ServerHttp.ServerAnswered(r.status(), r.errorMessage());
      }
      out().print(r.body());
      return ContextCommand.EXIT_OK;
    }
    JsonNode m = http.getJson("/metrics");
    if (json()) {
      printJson(m);
      return ContextCommand.EXIT_OK;
    }
    Table t = new Table("METRIC", "VALUE");
    flatten("", m, t);
    out().print(t.render());
    return ContextCommand.EXIT_OK;
  }

  private static void flatten(String prefix, JsonNode node, Table t) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(name + ".", v, t);
      } else if (v.isArray()) {
        t.row(name, v.size() + " entries (see --json or 'context stats')");
      } else if (v.isIntegralNumber()) {
        t.row(name, Format.count(v.asLong()));
      } else if (v.isNumber()) {
        t.row(name, String.format(Locale.ROOT, "%.4f", v.asDouble()));
      } else {
        t.row(name, v.asText());
      }
    }
  }
}
