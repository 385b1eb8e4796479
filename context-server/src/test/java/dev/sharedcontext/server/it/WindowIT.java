package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.tokens.TokenEncoding;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.server.it.Http.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /window}, {@code /ref} and {@code /rules} on a real server: budgets, encodings, priorities, exact references. */
class WindowIT {
  static final TokenCounter O200K = TokenCounter.bpe(TokenEncoding.O200K_BASE);
  static final TokenCounter CL100K = TokenCounter.bpe(TokenEncoding.CL100K_BASE);
  static SharedContextServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = Servers.start(Servers.testOptions()
        .storeOptions(StoreOptions.builder().maxVersionsPerProject(3).build())
        .projectPriorityRules("ranked", PriorityRules.of(Map.of("/files/b.md", 9, "/files/c.md", 8)))
        .agentPriorityRules("tester", PriorityRules.of(Map.of("/files/c.md", 10)))
        .build());
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A context of the original system's shape: a small task, large documentation and history. */
  static String context(String task) {
    return "{\"currentTask\": \"" + task + "\", "
        + "\"recentChanges\": [\"parser: handle escapes\", \"lexer: unicode\"], "
        + "\"documentation\": {\"guide.md\": \"" + "The guide explains every step of the build.\\n".repeat(200) + "\"}, "
        + "\"history\": [" + "\"an old decision that nobody reads\",".repeat(300) + "\"last\"], "
        + "\"metadata\": {\"owner\": \"team-a\"}}";
  }

  static JsonNode window(String project, String query) {
    Response r = http.get("/context/" + project + "/window?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonNode resolve(JsonNode reference) {
    Response r = http.get(reference.get("ref").asText());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void windowsFitTheirBudgetCountedExactlyAndEveryReferenceResolves() {
    http.put("/context/budgets", "{\"context\": " + context("write the parser") + "}");
    ContextDocument original = ContextDocument.parse(http.get("/context/budgets").json().get("context").toString());
    long whole = O200K.count(original);
    for (int budget : new int[] {128, 200, 500, 2000, 8000, 32000}) {
      JsonNode w = window("budgets", "budget=" + budget);
      assertThat(w.get("budget").asInt()).isEqualTo(budget);
      assertThat(w.get("tokens").asLong()).isLessThanOrEqualTo(budget).isEqualTo(O200K.count(w));
      assertThat(w.get("version").asLong()).isEqualTo(1);
      for (JsonNode ref : w.get("references")) {
        JsonNode exact = resolve(ref);
        assertThat(exact).isEqualTo(original.get(ref.get("path").asText()).orElseThrow());
        assertThat(O200K.count(exact)).isEqualTo(ref.get("tokens").asLong());
      }
      if (budget >= whole + 64) {
        assertThat(w.get("references")).isEmpty();
        assertThat(ContextDocument.of(w.get("context"))).isEqualTo(original);
      }
    }
    JsonNode small = window("budgets", "budget=500");
    assertThat(small.get("context").get("currentTask").asText()).as("priority 10 kept").isEqualTo("write the parser");
    assertThat(small.get("context").get("documentation").has("$ref")).as("priority 5 referenced").isTrue();
  }

  @Test
  void theEncodingCounts() {
    http.put("/context/enc", "{\"context\": " + context("count with another tokenizer") + "}");
    JsonNode cl = window("enc", "budget=1000&encoding=cl100k_base");
    assertThat(cl.get("tokens").asLong()).isLessThanOrEqualTo(1000).isEqualTo(CL100K.count(cl));
    JsonNode o = window("enc", "budget=1000&encoding=o200k_base");
    assertThat(o.get("tokens").asLong()).isEqualTo(O200K.count(o));
    Response bad = http.get("/context/enc/window?budget=1000&encoding=p50k_base");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asText()).isEqualTo("INVALID_INPUT");
    assertThat(bad.json().get("error").asText()).contains("o200k_base");
  }

  @Test
  void olderVersionsAndTheirReferences() {
    http.put("/context/versions", "{\"context\": " + context("first task") + "}");
    http.put("/context/versions", "{\"context\": " + context("second task") + "}");
    JsonNode w1 = window("versions", "budget=500&version=1");
    assertThat(w1.get("version").asLong()).isEqualTo(1);
    assertThat(w1.get("context").get("currentTask").asText()).isEqualTo("first task");
    for (JsonNode ref : w1.get("references")) {
      assertThat(ref.get("ref").asText()).endsWith("&version=1");
      resolve(ref);
    }
    assertThat(http.get("/context/versions/ref?path=/currentTask&version=1").json().asText()).isEqualTo("first task");
    assertThat(http.get("/context/versions/ref?path=/currentTask").json().asText()).isEqualTo("second task");
  }

  @Test
  void priorityRulesPerProjectAndAgentAndAtRunTime() {
    String files = "{\"context\": {\"files\": {\"a.md\": \"" + "alpha text\\n".repeat(100) + "\", \"b.md\": \""
        + "beta text\\n".repeat(100) + "\", \"c.md\": \"" + "gamma text\\n".repeat(100) + "\"}}}";
    http.put("/context/ranked", files);
    JsonNode project = window("ranked", "budget=700");
    assertThat(project.get("context").get("files").get("b.md").isTextual()).as(project.toString()).isTrue();
    assertThat(project.get("context").get("files").get("c.md").has("$ref")).isTrue();
    JsonNode tester = window("ranked", "budget=700&agentId=tester");
    assertThat(tester.get("context").get("files").get("c.md").isTextual()).as("c.md ranks 10 for the tester").isTrue();
    assertThat(tester.get("context").get("files").get("b.md").has("$ref")).isTrue();

    Response set = http.put("/context/ranked/rules", "{\"rules\": {\"/files/a.md\": 11}}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("rules").get("/files/a.md").asInt()).isEqualTo(11);
    assertThat(set.json().get("rules").get("/currentTask").asInt()).as("the defaults stay below").isEqualTo(10);
    assertThat(window("ranked", "budget=700").get("context").get("files").get("a.md").isTextual()).isTrue();
    JsonNode effective = http.get("/context/ranked/rules?agentId=tester").json();
    assertThat(effective.get("rules").get("/files/c.md").asInt()).isEqualTo(10);
    assertThat(effective.get("fallback").asInt()).isEqualTo(PriorityRules.DEFAULT_PRIORITY);
    assertThat(http.delete("/context/ranked/rules").json().get("rules").has("/files/a.md")).isFalse();
    assertThat(http.put("/context/ranked/rules", "{\"rules\": {\"no-slash\": 1}}").status()).isEqualTo(400);
    assertThat(http.put("/context/ranked/rules", "{\"rules\": {\"/a\": \"high\"}}").status()).isEqualTo(400);
    assertThat(http.put("/context/ranked/rules", "[]").status()).isEqualTo(400);
  }

  @Test
  void badInputIsA4xxWithTheErrorBody() {
    http.put("/context/bad", "{\"context\": {\"a\": \"b\"}}");
    Map<String, Integer> cases = Map.of(
        "/context/bad/window", 400,
        "/context/bad/window?budget=ten", 400,
        "/context/bad/window?budget=127", 400,
        "/context/bad/window?budget=99999999999", 400,
        "/context/bad/window?budget=500&version=0", 400,
        "/context/nobody/window?budget=500", 404,
        "/context/bad/window?budget=500&version=9", 404,
        "/context/bad/ref", 400,
        "/context/bad/ref?path=a", 400,
        "/context/bad/ref?path=/missing", 404);
    cases.forEach((path, status) -> {
      Response r = http.get(path);
      assertThat(r.status()).as(path + " " + r.body()).isEqualTo(status);
      assertThat(r.json().get("statusCode").asInt()).isEqualTo(status);
      assertThat(r.json().get("error").asText()).isNotBlank();
    });
    assertThat(http.get("/context/bad/ref?path=/missing").json().get("error").asText()).contains("/missing");
    assertThat(http.post("/context/bad/window?budget=500", "{}").status()).isEqualTo(405);
  }

  @Test
  void aVersionNoLongerKeptIsGone() {
    for (int i = 0; i < 5; i++) {
      http.put("/context/gone", "{\"context\": {\"n\": " + i + "}}");
    }
    Response r = http.get("/context/gone/ref?path=/n&version=1");
    assertThat(r.status()).isEqualTo(410);
    assertThat(r.json().get("code").asText()).isEqualTo("COMPACTED");
    assertThat(http.get("/context/gone/window?budget=500&version=1").status()).isEqualTo(410);
  }

  @Test
  void windowsAndReferencesAreAccounted() {
    http.put("/context/accounted", "{\"context\": " + context("account for me") + "}");
    long whole = http.get("/context/accounted/versions").json().get(0).get("tokens").asLong();
    JsonNode before = http.get("/metrics").json();
    Response w = http.get("/context/accounted/window?budget=400");
    JsonNode ref = w.json().get("references").get(0);
    Response exact = http.get("/context/accounted/ref?path="
        + URLEncoder.encode(ref.get("path").asText(), StandardCharsets.UTF_8) + "&version=1");
    JsonNode after = http.get("/metrics").json();
    long windowTokens = w.json().get("tokens").asLong();
    assertThat(w.header("X-Tokens-Served")).isEqualTo(String.valueOf(windowTokens));
    assertThat(w.header("X-Tokens-Saved")).isEqualTo(String.valueOf(whole - windowTokens));
    assertThat(exact.header("X-Tokens-Saved")).isEqualTo("-" + ref.get("tokens").asLong());
    assertThat(after.get("tokensServed").asLong() - before.get("tokensServed").asLong())
        .isEqualTo(windowTokens + ref.get("tokens").asLong());
    assertThat(after.get("tokensSaved").asLong() - before.get("tokensSaved").asLong())
        .isEqualTo(whole - windowTokens - ref.get("tokens").asLong());
  }
}
