package dev.sharedcontext.integration.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.integration.internal.ServerHttp;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the server options of {@link ContextCommand}, output, JSON. */
abstract class ServerCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  ContextCommand parent;

  @Spec
  CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  ServerHttp http() {
    return parent.http();
  }

  boolean json() {
    return parent.json;
  }

  /** {@code /health}: JSON also when the server answers 503 (draining), so read it either way. */
  JsonNode health(ServerHttp http) {
    ServerHttp.Response r = http.get("/health", "application/json");
    if (!r.ok() && r.status() != 503) {
      throw new ServerHttp.ServerAnswered(r.status(), r.errorMessage());
    }
    return r.json();
  }

  void printJson(JsonNode node) {
    try {
      out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always serializes", e);
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  /** 0 for status {@code ok}, else 3. */
  static int exitFor(JsonNode health) {
    return "ok".equals(health.path("status").asText()) ? ContextCommand.EXIT_OK : ContextCommand.EXIT_NOT_OK;
  }
}
