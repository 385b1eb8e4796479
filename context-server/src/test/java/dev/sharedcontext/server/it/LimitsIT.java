package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.server.it.Http.Response;
import org.junit.jupiter.api.Test;

/**
 * Store limits as HTTP answers (413 for sizes, 429 for counts, with the limit), and request
 * handling moved off the I/O threads ({@code handlerThreads}) behaving the same.
 */
class LimitsIT {

  @Test
  void sizeAndCountLimitsNameTheirLimit() {
    StoreOptions store = StoreOptions.builder().maxProjects(2).maxContextBytes(100).maxVersionsPerProject(3).build();
    try (SharedContextServer server = Servers.start(Servers.testOptions().storeOptions(store).build())) {
      Http http = new Http(server.uri());
      Response big = http.put("/context/one", "{\"context\": {\"s\": \"" + "x".repeat(200) + "\"}}");
      assertThat(big.status()).isEqualTo(413);
      JsonNode e = big.json();
      assertThat(e.get("code").asText()).isEqualTo("TOO_LARGE");
      assertThat(e.get("limit").asLong()).isEqualTo(100);
      assertThat(e.get("limitName").asText()).isEqualTo("maxContextBytes");

      assertThat(http.put("/context/one", "{\"context\": {}}").status()).isEqualTo(201);
      assertThat(http.put("/context/two", "{\"context\": {}}").status()).isEqualTo(201);
      Response third = http.put("/context/three", "{\"context\": {}}");
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.json().get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
      assertThat(third.json().get("limit").asLong()).isEqualTo(2);

      for (int i = 0; i < 5; i++) {
        http.put("/context/one", "{\"context\": {\"i\": " + i + "}}");
      }
      Response compacted = http.get("/context/one?version=1");
      assertThat(compacted.status()).isEqualTo(410);
      assertThat(compacted.json().get("code").asText()).isEqualTo("COMPACTED");
      assertThat(compacted.json().get("oldestAvailable").asLong()).isEqualTo(4);
      JsonNode since = http.get("/context/one?since=1").json();
      assertThat(since.get("snapshot").asBoolean()).isTrue();
      assertThat(since.get("reason").asText()).isEqualTo("compacted");
    }
  }

  @Test
  void handlerThreadsServeTheSameProtocol() {
    try (SharedContextServer server = Servers.start(Servers.testOptions().handlerThreads(2).build())) {
      Http http = new Http(server.uri());
      assertThat(http.put("/context/ht", "{\"context\": {\"n\": 0}}").status()).isEqualTo(201);
      try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/ht/stream?fromVersion=1"))) {
        for (int i = 1; i <= 20; i++) {
          http.post("/context/ht/diff", "[{\"op\": \"replace\", \"path\": \"/n\", \"value\": " + i + "}]");
        }
        long version = 1;
        while (version < 21) {
          JsonNode u = ws.next();
          assertThat(u.get("baseVersion").asLong()).isEqualTo(version);
          version = u.get("version").asLong();
        }
        ws.send("{\"type\": \"ping\"}");
        assertThat(ws.next().get("type").asText()).isEqualTo("pong");
      }
      assertThat(http.get("/context/ht").json().get("context").get("n").asInt()).isEqualTo(20);
    }
  }
}
