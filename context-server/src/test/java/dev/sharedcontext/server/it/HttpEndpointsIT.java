package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.server.it.Http.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every HTTP endpoint of PROTOCOL.md on a real socket: field names, status codes, headers. */
class HttpEndpointsIT {
  static SharedContextServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = Servers.start();
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String hashOf(String json) {
    return ContextDocument.parse(json).hash();
  }

  @Test
  void putCreatesThenUpdatesWithTheProtocolFields() {
    Response created = http.put("/context/put-1", "{\"context\": {\"a\": 1}, \"agentId\": \"alice\"}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.get("projectId").asText()).isEqualTo("put-1");
    assertThat(body.get("version").asLong()).isEqualTo(1);
    assertThat(body.get("hash").asText()).isEqualTo(hashOf("{\"a\":1}"));
    assertThat(body.get("isNew").asBoolean()).isTrue();
    assertThat(body.get("size").asLong()).isEqualTo("{\"a\":1}".length());
    assertThat(body.get("tokens").asLong()).isPositive();
    assertThat(created.header("ETag")).isEqualTo("\"1\"");

    Response updated = http.put("/context/put-1", "{\"context\": {\"a\": 2}}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("version").asLong()).isEqualTo(2);
    assertThat(updated.json().get("isNew").asBoolean()).isFalse();
  }

  @Test
  void getServesTheHeadWithETagAndAnswers304() {
    http.put("/context/get-1", "{\"context\": {\"files\": {\"a.txt\": \"hello\\n\"}}}");
    Response r = http.get("/context/get-1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.get("projectId").asText()).isEqualTo("get-1");
    assertThat(body.get("version").asLong()).isEqualTo(1);
    assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(body.get("context").get("files").get("a.txt").asText()).isEqualTo("hello\n");
    assertThat(body.get("hash").asText()).isEqualTo(ContextDocument.of(body.get("context")).hash());
    assertThat(r.header("ETag")).isEqualTo("\"1\"");

    Response notModified = http.get("/context/get-1", "If-None-Match", "\"1\"");
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(http.get("/context/get-1", "If-None-Match", "\"0\", W/\"7\"").status()).isEqualTo(200);
    assertThat(http.get("/context/nope-404").status()).isEqualTo(404);
  }

  @Test
  void getAVersionAndTheSameBytesTwiceFromTheCache() {
    http.put("/context/ver-1", "{\"context\": {\"n\": 1}}");
    http.put("/context/ver-1", "{\"context\": {\"n\": 2}}");
    Response v1 = http.get("/context/ver-1?version=1");
    assertThat(v1.json().get("context").get("n").asInt()).isEqualTo(1);
    assertThat(v1.header("ETag")).isEqualTo("\"1\"");
    assertThat(http.get("/context/ver-1?version=1").body()).isEqualTo(v1.body());
    assertThat(http.get("/context/ver-1?version=9").status()).isEqualTo(404);
    assertThat(http.get("/context/ver-1?version=x").status()).isEqualTo(400);
  }

  @Test
  void sinceGivesPatchAndLegacyChangesOrASnapshot() {
    http.put("/context/since-1", "{\"context\": {\"keep\": 1, \"gone\": 2, \"edit\": \"a\"}}");
    http.put("/context/since-1", "{\"context\": {\"keep\": 1, \"edit\": \"b\", \"new\": true}}");
    JsonNode d = http.get("/context/since-1?since=1").json();
    assertThat(d.get("projectId").asText()).isEqualTo("since-1");
    assertThat(d.get("fromVersion").asLong()).isEqualTo(1);
    assertThat(d.get("currentVersion").asLong()).isEqualTo(2);
    assertThat(d.get("patch").isArray()).isTrue();
    assertThat(d.get("changes").get("added").has("new")).isTrue();
    assertThat(d.get("changes").get("modified").get("edit").asText()).isEqualTo("b");
    assertThat(d.get("changes").get("removed").get(0).asText()).isEqualTo("gone");
    assertThat(d.get("changes").get("unchanged").get(0).asText()).isEqualTo("keep");
    assertThat(d.get("hash").asText()).isEqualTo(hashOf("{\"keep\":1,\"edit\":\"b\",\"new\":true}"));

    JsonNode s = http.get("/context/since-1?since=0").json();
    assertThat(s.get("snapshot").asBoolean()).isTrue();
    assertThat(s.get("context").get("new").asBoolean()).isTrue();
    assertThat(s.get("currentVersion").asLong()).isEqualTo(2);
    JsonNode same = http.get("/context/since-1?since=2").json();
    assertThat(same.get("patch").size()).isZero();
    assertThat(http.get("/context/since-1?since=1&version=1").status()).isEqualTo(400);
  }

  @Test
  void postDiffAcceptsThreeShapesAndReportsTokensSaved() {
    http.put("/context/diff-1", "{\"context\": {\"a\": 1, \"text\": \"" + "word ".repeat(200) + "\"}}");
    Response r = http.post("/context/diff-1/diff",
        "{\"patch\": [{\"op\": \"replace\", \"path\": \"/a\", \"value\": 2}], \"baseVersion\": 1, \"agentId\": \"bob\"}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode b = r.json();
    assertThat(b.get("projectId").asText()).isEqualTo("diff-1");
    assertThat(b.get("version").asLong()).isEqualTo(2);
    assertThat(b.get("hash").asText()).hasSize(64);
    assertThat(b.get("tokensSaved").asLong()).isGreaterThan(100);
    assertThat(b.get("subscribers").asInt()).isZero();

    Response bare = http.send(http.builder("/context/diff-1/diff", "Content-Type", "application/json-patch+json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[{\"op\": \"add\", \"path\": \"/b\", \"value\": true}]")));
    assertThat(bare.status()).isEqualTo(200);
    assertThat(bare.json().get("version").asLong()).isEqualTo(3);

    Response legacy = http.post("/context/diff-1/diff",
        "{\"added\": {\"c\": 3}, \"modified\": {\"a\": 5}, \"removed\": [\"b\"], \"unchanged\": []}");
    assertThat(legacy.status()).isEqualTo(200);
    JsonNode head = http.get("/context/diff-1").json().get("context");
    assertThat(head.get("a").asInt()).isEqualTo(5);
    assertThat(head.get("c").asInt()).isEqualTo(3);
    assertThat(head.has("b")).isFalse();
    assertThat(http.get("/context/diff-1/versions").json().get(0).get("agentId").asText()).isEmpty();
    assertThat(http.get("/context/diff-1/versions?limit=10").json().get(2).get("agentId").asText()).isEqualTo("bob");
  }

  @Test
  void conflictIs409WithPathsAndFailedPatchIs422() {
    http.put("/context/conf-1", "{\"context\": {\"a\": 1, \"b\": 1}}");
    http.post("/context/conf-1/diff", "{\"patch\": [{\"op\": \"replace\", \"path\": \"/a\", \"value\": 2}]}");
    Response rebased = http.post("/context/conf-1/diff",
        "{\"patch\": [{\"op\": \"replace\", \"path\": \"/b\", \"value\": 2}], \"baseVersion\": 1}");
    assertThat(rebased.status()).isEqualTo(200);
    Response conflict = http.post("/context/conf-1/diff",
        "{\"patch\": [{\"op\": \"replace\", \"path\": \"/a\", \"value\": 3}], \"baseVersion\": 1}");
    assertThat(conflict.status()).isEqualTo(409);
    JsonNode e = conflict.json();
    assertThat(e.get("code").asText()).isEqualTo("VERSION_CONFLICT");
    assertThat(e.get("statusCode").asInt()).isEqualTo(409);
    assertThat(e.get("currentVersion").asLong()).isEqualTo(3);
    assertThat(e.get("conflictingPaths").get(0).asText()).isEqualTo("/a");
    assertThat(e.get("error").asText()).isNotBlank();
    assertThat(e.get("timestamp").asText()).endsWith("Z");

    Response failed = http.post("/context/conf-1/diff", "[{\"op\": \"test\", \"path\": \"/a\", \"value\": 99}]");
    assertThat(failed.status()).isEqualTo(422);
    assertThat(failed.json().get("code").asText()).isEqualTo("PATCH_FAILED");
    assertThat(failed.json().get("operationIndex").asInt()).isZero();
  }

  @Test
  void ifMatchGuardsPut() {
    http.put("/context/match-1", "{\"context\": {\"a\": 1}}");
    Response stale = http.put("/context/match-1", "{\"context\": {\"a\": 2}}", "If-Match", "\"0\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("code").asText()).isEqualTo("PRECONDITION_FAILED");
    assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
    assertThat(http.put("/context/match-1", "{\"context\": {\"a\": 2}}", "If-Match", "\"1\"").status()).isEqualTo(200);
    assertThat(http.put("/context/match-1", "{\"context\": {\"a\": 3}}", "If-Match", "*").status()).isEqualTo(200);
    assertThat(http.put("/context/match-new", "{\"context\": {}}", "If-Match", "*").status()).isEqualTo(412);
    assertThat(http.put("/context/match-new", "{\"context\": {}}", "If-Match", "\"0\"").status()).isEqualTo(201);
  }

  @Test
  void ifNoneMatchStarCreatesAndNeverReplaces() {
    Response created = http.put("/context/inm-1", "{\"context\": {\"by\": \"first\"}}", "If-None-Match", "*");
    assertThat(created.status()).isEqualTo(201);
    Response again = http.put("/context/inm-1", "{\"context\": {\"by\": \"second\"}}", "If-None-Match", "*");
    assertThat(again.status()).isEqualTo(412);
    assertThat(again.json().get("code").asText()).isEqualTo("PRECONDITION_FAILED");
    assertThat(again.json().get("currentVersion").asLong()).isEqualTo(1);
    assertThat(again.json().get("error").asText()).contains("If-None-Match *").contains("version 1");
    assertThat(http.get("/context/inm-1").json().get("context").get("by").asText()).isEqualTo("first");

    // A list of tags: the head must be none of them (weak tags compare like strong ones).
    assertThat(http.put("/context/inm-1", "{\"context\": {}}", "If-None-Match", "W/\"1\"").status()).isEqualTo(412);
    assertThat(http.put("/context/inm-1", "{\"context\": {\"n\": 2}}", "If-None-Match", "\"7\", W/\"8\"").status())
        .isEqualTo(200);
    // With If-Match, both must hold.
    assertThat(http.put("/context/inm-1", "{\"context\": {}}", "If-Match", "\"2\"", "If-None-Match", "\"2\"").status())
        .isEqualTo(412);
    assertThat(http.put("/context/inm-1", "{\"context\": {}}", "If-Match", "\"1\"", "If-None-Match", "\"5\"").status())
        .isEqualTo(412);
    Response both = http.put("/context/inm-1", "{\"context\": {\"n\": 3}}", "If-Match", "\"2\"", "If-None-Match", "\"1\"");
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.json().get("version").asLong()).isEqualTo(3);
    assertThat(http.put("/context/inm-1", "{\"context\": {}}", "If-Match", "\"2\", \"3\"").status()).isEqualTo(400);
  }

  @Test
  void diffsAndRollbacksHonourPreconditionsOnExactlyTheHeadTheyHoldFor() {
    http.put("/context/pre-1", "{\"context\": {\"a\": 1}}");
    String patch = "{\"patch\": [{\"op\": \"replace\", \"path\": \"/a\", \"value\": 2}]}";
    Response stale = http.post("/context/pre-1/diff", patch, "If-Match", "\"7\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
    assertThat(http.post("/context/pre-1/diff", patch, "If-None-Match", "*").status()).isEqualTo(412);
    Response applied = http.post("/context/pre-1/diff", patch, "If-Match", "\"1\"");
    assertThat(applied.status()).isEqualTo(200);
    assertThat(applied.json().get("version").asLong()).isEqualTo(2);
    // No rebase under a precondition: a base other than the head they hold for is refused.
    Response rebased = http.post("/context/pre-1/diff", "{\"patch\": [{\"op\": \"add\", \"path\": \"/b\", \"value\": 1}], "
        + "\"baseVersion\": 1}", "If-Match", "\"2\"");
    assertThat(rebased.status()).isEqualTo(412);
    assertThat(rebased.json().get("error").asText()).contains("baseVersion 1");
    // A project created by a diff only if it does not exist yet.
    Response created = http.post("/context/pre-new/diff", "[{\"op\": \"add\", \"path\": \"/x\", \"value\": 1}]",
        "If-None-Match", "*");
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().get("version").asLong()).isEqualTo(1);

    assertThat(http.post("/context/pre-1/rollback", "{\"toVersion\": 1}", "If-Match", "\"1\"").status()).isEqualTo(412);
    Response rolledBack = http.post("/context/pre-1/rollback", "{\"toVersion\": 1}", "If-Match", "\"2\"");
    assertThat(rolledBack.status()).isEqualTo(200);
    assertThat(rolledBack.json().get("version").asLong()).isEqualTo(3);
    assertThat(rolledBack.json().get("rolledBackTo").asLong()).isEqualTo(1);
    assertThat(http.get("/context/pre-1").json().get("context").get("a").asInt()).isEqualTo(1);
  }

  @Test
  void aDeleteWithPreconditionsDeletesOnlyTheHeadTheyHoldFor() {
    http.put("/context/pre-del", "{\"context\": {\"a\": 1}}");
    http.put("/context/pre-del", "{\"context\": {\"a\": 2}}");
    Response stale = http.method("DELETE", "/context/pre-del", null, "If-Match", "\"1\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(2);
    assertThat(http.method("DELETE", "/context/pre-del", null, "If-None-Match", "\"2\"").status()).isEqualTo(412);
    assertThat(http.get("/context/pre-del").status()).isEqualTo(200);
    assertThat(http.method("DELETE", "/context/pre-del", null, "If-Match", "\"2\"").status()).isEqualTo(200);
    assertThat(http.get("/context/pre-del").status()).isEqualTo(404);
    assertThat(http.method("DELETE", "/context/pre-del", null, "If-Match", "*").status()).isEqualTo(412);
    assertThat(http.method("DELETE", "/context/pre-del", null, "If-None-Match", "*").status()).isEqualTo(404);
  }

  @Test
  void ofHostsCreatingOneProjectAtOnceWithIfNoneMatchStarExactlyOneSucceeds() throws Exception {
    int hosts = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(hosts);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
      for (int h = 0; h < hosts; h++) {
        String body = "{\"context\": {\"host\": " + h + "}}";
        answers.add(pool.submit(() -> {
          go.await();
          return http.put("/context/inm-race", body, "If-None-Match", "*");
        }));
      }
      go.countDown();
      java.util.List<Response> all = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Response> a : answers) {
        all.add(a.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(all).extracting(Response::status).containsOnly(201, 412).filteredOn(s -> s == 201).hasSize(1);
      Response winner = all.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
      JsonNode head = http.get("/context/inm-race").json();
      assertThat(head.get("version").asLong()).isEqualTo(1);
      assertThat(head.get("hash").asText()).isEqualTo(winner.json().get("hash").asText());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void versionsAreNewestFirstWithPaging() {
    for (int i = 0; i < 5; i++) {
      http.put("/context/hist-1", "{\"context\": {\"i\": " + i + "}, \"agentId\": \"a" + i + "\"}");
    }
    JsonNode all = http.get("/context/hist-1/versions").json();
    assertThat(all).hasSize(5);
    assertThat(all.get(0).get("version").asLong()).isEqualTo(5);
    JsonNode first = all.get(4);
    assertThat(first.get("agentId").asText()).isEqualTo("a0");
    assertThat(first.fieldNames()).toIterable().containsExactlyInAnyOrder("version", "timestamp", "agentId", "hash", "size", "tokens");
    JsonNode page = http.get("/context/hist-1/versions?limit=2&before=4").json();
    assertThat(page).hasSize(2);
    assertThat(page.get(0).get("version").asLong()).isEqualTo(3);
    assertThat(http.get("/context/hist-none/versions").status()).isEqualTo(404);
    assertThat(http.get("/context/hist-1/versions?limit=-1").status()).isEqualTo(400);
  }

  @Test
  void rollbackCommitsTheOldContentAsANewVersion() {
    http.put("/context/rb-1", "{\"context\": {\"v\": \"one\"}}");
    http.put("/context/rb-1", "{\"context\": {\"v\": \"two\"}}");
    Response r = http.post("/context/rb-1/rollback", "{\"toVersion\": 1, \"agentId\": \"ops\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("version").asLong()).isEqualTo(3);
    assertThat(r.json().get("hash").asText()).isEqualTo(hashOf("{\"v\":\"one\"}"));
    assertThat(http.get("/context/rb-1").json().get("context").get("v").asText()).isEqualTo("one");
    assertThat(http.post("/context/rb-1/rollback", "{\"toVersion\": 42}").status()).isEqualTo(404);
    assertThat(http.post("/context/rb-1/rollback", "{}").status()).isEqualTo(400);
  }

  @Test
  void deleteRemovesTheProject() {
    http.put("/context/del-1", "{\"context\": {}}");
    Response r = http.delete("/context/del-1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("projectId").asText()).isEqualTo("del-1");
    assertThat(r.json().get("deleted").asBoolean()).isTrue();
    assertThat(http.get("/context/del-1").status()).isEqualTo(404);
    assertThat(http.delete("/context/del-1").status()).isEqualTo(404);
  }

  @Test
  void badIdsMethodsAndPathsAre4xxWithTheErrorBody() {
    Response badId = http.get("/context/bad%20id");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.json().get("code").asText()).isEqualTo("INVALID_INPUT");
    assertThat(http.get("/context/" + "x".repeat(129)).status()).isEqualTo(400);
    assertThat(http.get("/context/a%2Fb").status()).isEqualTo(400);
    Response method = http.method("PATCH", "/context/abc", "{}");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.header("Allow")).contains("GET");
    assertThat(http.get("/nothing/here").status()).isEqualTo(404);
    assertThat(http.get("/context/abc/unknown").status()).isEqualTo(404);
    assertThat(http.get("/context/abc/stream").status()).isEqualTo(426);
    assertThat(http.get("/context/abc/window?budget=100").status()).as("below the least budget").isEqualTo(400);
  }

  @Test
  void healthAndMetricsJsonAndPrometheus() {
    http.put("/context/met-1", "{\"context\": {\"a\": 1}}");
    http.get("/context/met-1");
    http.get("/context/met-1");
    JsonNode health = http.get("/health").json();
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("contexts").asLong()).isPositive();
    assertThat(health.get("connections").asLong()).isPositive();
    assertThat(health.has("version")).isTrue();
    assertThat(health.has("uptime")).isTrue();
    assertThat(health.has("timestamp")).isTrue();

    JsonNode m = http.get("/metrics").json();
    for (String f : new String[] {"totalRequests", "cacheHits", "cacheHitRate", "compressionSaved", "compressionRatio",
        "activeConnections", "tokensSaved", "tokensServed", "activeContexts", "totalVersions", "memoryUsage", "uptime",
        "contextSizes"}) {
      assertThat(m.has(f)).as(f).isTrue();
    }
    assertThat(m.get("totalRequests").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(m.get("cacheHits").asLong()).isPositive();
    assertThat(m.get("activeContexts").asLong()).isPositive();
    assertThat(m.get("tokensServed").asLong()).isPositive();
    assertThat(m.get("memoryUsage").get("heapUsed").asLong()).isPositive();
    assertThat(m.get("contextSizes").isArray()).isTrue();

    Response prom = http.get("/metrics?format=prometheus");
    assertThat(prom.header("Content-Type")).startsWith("text/plain");
    assertThat(prom.body()).contains("sharedcontext_http_requests_total").contains("sharedcontext_contexts");
    assertThat(http.get("/metrics", "Accept", "text/plain").body()).contains("# TYPE");
  }

  @Test
  void corsAllowsLocalOriginsAndRefusesOthers() {
    Response pre = http.method("OPTIONS", "/context/cors-1", null, "Origin", "http://localhost:5173",
        "Access-Control-Request-Method", "PUT");
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
    assertThat(pre.header("Access-Control-Allow-Methods")).contains("PUT");
    Response get = http.get("/health", "Origin", "http://127.0.0.1:8080");
    assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("http://127.0.0.1:8080");
    Response evil = http.put("/context/cors-1", "{\"context\": {}}", "Origin", "http://evil.example");
    assertThat(evil.status()).isEqualTo(403);
    assertThat(evil.json().get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(http.get("/context/cors-1").status()).isEqualTo(404);
  }
}
