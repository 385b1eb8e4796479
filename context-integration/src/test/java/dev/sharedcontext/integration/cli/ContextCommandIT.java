package dev.sharedcontext.integration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code context} command against a running server; the output is printed for the README. */
class ContextCommandIT {
  private static SharedContextServer server;
  private static SharedContextClient subscriber;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() {
    server = SharedContextServer.builder().port(0)
        .options(ServerOptions.builder().shutdownQuietPeriod(Duration.ofMillis(50)).build()).build().start();
    server.store().commit("shop", CommitRequest.replace(ContextDocument.parse(
        "{\"currentTask\":\"checkout\",\"documentation\":\"" + "text ".repeat(500) + "\"}")).by("planner"));
    subscriber = SharedContextClient.builder().uri(server.uri()).projectId("shop").agentId("coder").build();
    subscriber.getContext();
    subscriber.setContext(ContextDocument.parse(
        "{\"currentTask\":\"payment\",\"documentation\":\"" + "text ".repeat(500) + "\"}"));
    server.store().commit("blog", CommitRequest.replace(ContextDocument.parse("{\"posts\":[1,2,3]}")).by("writer"));
  }

  @AfterAll
  static void stop() {
    subscriber.close();
    server.close();
  }

  static Run context(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ContextCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    System.out.println("$ context " + String.join(" ", args).replace(server.uri().toString(), "http://localhost:3003")
        + "\n" + out + err + "(exit " + exit + ")\n");
    return new Run(exit, out.toString(), err.toString());
  }

  private static String url() {
    return "--url=" + server.uri();
  }

  @Test
  void statusIsATableOfTheServerAtAGlance() {
    Run r = context("status", url());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("status", "ok", "contexts", "2 (", "tokens saved");
  }

  @Test
  void statsListsProjectsLargestFirst() {
    Run r = context("stats", url());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("PROJECT", "shop", "blog", "tokens saved", "cache hit rate");
    assertThat(r.out().indexOf("shop")).isLessThan(r.out().indexOf("blog"));
  }

  @Test
  void healthAndItsExitCode() {
    Run r = context("health", url());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("STATUS").contains("ok");
  }

  @Test
  void metricsAsATableAsJsonAndForPrometheus() throws Exception {
    Run table = context("metrics", url());
    assertThat(table.out()).contains("totalRequests", "memoryUsage.heapUsed", "contextSizes");
    Run json = context("metrics", "--json", url());
    JsonNode parsed = new ObjectMapper().readTree(json.out());
    assertThat(parsed.path("activeContexts").asLong()).isEqualTo(2);
    Run prometheus = context("metrics", "--prometheus", url());
    assertThat(prometheus.exit()).isZero();
    assertThat(prometheus.out()).contains("# TYPE");
  }

  @Test
  void anUnreachableServerExitsWithOne() {
    Run r = context("status", "--url=http://127.0.0.1:1", "--timeout=500ms");
    assertThat(r.exit()).isEqualTo(ContextCommand.EXIT_UNREACHABLE);
    assertThat(r.err()).contains("unreachable", "127.0.0.1:1");
    assertThat(context("health", "--url=http://127.0.0.1:1").exit()).isEqualTo(ContextCommand.EXIT_UNREACHABLE);
  }

  @Test
  void aServerWithAuthWantsTheToken() {
    try (SharedContextServer secured = SharedContextServer.builder().port(0)
        .options(ServerOptions.builder().accessTokens(List.of(AccessToken.allProjects("s3cret", AccessToken.Access.ADMIN)))
            .shutdownQuietPeriod(Duration.ofMillis(50)).build()).build().start()) {
      Run without = context("stats", "--url=" + secured.uri());
      assertThat(without.exit()).isEqualTo(ContextCommand.EXIT_NOT_OK);
      assertThat(without.err()).contains("401");
      assertThat(context("stats", "--url=" + secured.uri(), "--token=s3cret").exit()).isZero();
    }
  }

  @Test
  void noCommandIsAUsageError() {
    Run r = context(url());
    assertThat(r.exit()).isEqualTo(ContextCommand.EXIT_USAGE);
    assertThat(r.err()).contains("Missing command");
  }
}
