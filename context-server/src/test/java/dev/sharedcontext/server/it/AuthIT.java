package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.server.it.Http.Response;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens: 401 without a valid one, 403 outside its grant, for HTTP and the WebSocket upgrade. */
class AuthIT {
  static SharedContextServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = Servers.start(Servers.testOptions().accessTokens(List.of(
        AccessToken.of("reader-token", Access.READ, "alpha"),
        AccessToken.of("writer-token", Access.WRITE, "alpha", "beta"),
        AccessToken.allProjects("admin-token", Access.ADMIN))).build());
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  @Test
  void httpNeedsAValidTokenWithTheRightGrant() {
    Response none = http.get("/context/alpha");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(http.get("/context/alpha", bearer("wrong")).status()).isEqualTo(401);
    assertThat(http.get("/context/alpha", "Authorization", "Basic abc").status()).isEqualTo(401);

    Response readerWrites = http.put("/context/alpha", "{\"context\": {}}", bearer("reader-token"));
    assertThat(readerWrites.status()).isEqualTo(403);
    assertThat(readerWrites.json().get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(http.put("/context/alpha", "{\"context\": {\"a\": 1}}", bearer("writer-token")).status()).isIn(200, 201);
    assertThat(http.get("/context/alpha", bearer("reader-token")).status()).isEqualTo(200);
    assertThat(http.get("/context/beta", bearer("reader-token")).status()).isEqualTo(403);
    assertThat(http.put("/context/gamma", "{\"context\": {}}", bearer("writer-token")).status()).isEqualTo(403);
    assertThat(http.post("/context/alpha/diff", "[]", bearer("writer-token")).status()).isEqualTo(200);
    assertThat(http.delete("/context/alpha", bearer("writer-token")).status()).isEqualTo(403);
    assertThat(http.get("/metrics", bearer("writer-token")).status()).isEqualTo(403);
    assertThat(http.get("/metrics", bearer("admin-token")).status()).isEqualTo(200);
    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(http.delete("/context/alpha", bearer("admin-token")).status()).isEqualTo(200);
  }

  @Test
  void theWebSocketUpgradeAndItsCommitsAreChecked() {
    http.put("/context/beta", "{\"context\": {\"b\": 1}}", bearer("writer-token"));
    Throwable none = WsClient.connectFailure(Servers.ws(server, "/context/beta/stream"));
    assertThat(((WebSocketHandshakeException) none).getResponse().statusCode()).isEqualTo(401);
    Throwable outside = WsClient.connectFailure(Servers.ws(server, "/context/beta/stream"), bearer("reader-token"));
    assertThat(((WebSocketHandshakeException) outside).getResponse().statusCode()).isEqualTo(403);

    http.put("/context/alpha", "{\"context\": {\"a\": 1}}", bearer("writer-token"));
    try (WsClient reader = WsClient.connect(Servers.ws(server, "/context/alpha/stream"), bearer("reader-token"))) {
      assertThat(reader.next().get("type").asText()).isEqualTo("context_snapshot");
      reader.send("{\"type\": \"context_update\", \"requestId\": 1, \"patch\": []}");
      assertThat(reader.next().get("code").asText()).isEqualTo("FORBIDDEN");
    }
    try (WsClient writer = WsClient.connect(Servers.ws(server, "/context/alpha/stream"), bearer("writer-token"))) {
      writer.next();
      writer.send("{\"type\": \"context_update\", \"requestId\": 2, \"patch\": [{\"op\": \"add\", \"path\": \"/w\", \"value\": 1}]}");
      assertThat(writer.until(m -> m.get("type").asText().equals("ack")).get("requestId").asInt()).isEqualTo(2);
    }
  }
}
