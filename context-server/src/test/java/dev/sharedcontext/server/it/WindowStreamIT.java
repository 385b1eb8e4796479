package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.server.SharedContextServer;
import java.net.http.WebSocketHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Windowed subscriptions ({@code ?budget=N} on the stream): a {@code window_snapshot}, then
 * {@code window_update} patches of the window that rebuild exactly what {@code GET /window}
 * answers for each version, with the window's hash; resume; the token figures.
 */
class WindowStreamIT {
  static final TokenCounter O200K = TokenCounter.bpe();
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

  static String context(int n) {
    return "{\"currentTask\": \"task " + n + "\", \"documentation\": {\"guide.md\": \""
        + ("The guide, revision " + n + ".\\n").repeat(300) + "\"}, \"history\": [\"" + "old\", \"".repeat(200 + n)
        + "new\"]}";
  }

  static void commit(String project, int n) {
    server.store().commit(project, CommitRequest.replace(ContextDocument.parse(context(n))).by("writer"));
  }

  static JsonNode httpWindow(String project, long version, String query) {
    return http.get("/context/" + project + "/window?version=" + version + "&" + query).json();
  }

  /** The window a client holds, moved by one message; checks version, hash and the HTTP window. */
  static ContextDocument apply(ContextDocument held, JsonNode m, String project, String query) {
    ContextDocument next = m.get("type").asText().equals("window_snapshot")
        ? ContextDocument.of(m.get("window"))
        : Patch.fromJson(m.get("patch")).apply(held);
    assertThat(next.hash()).isEqualTo(m.get("hash").asText());
    assertThat(next.get("/version").orElseThrow().asLong()).isEqualTo(m.get("version").asLong());
    assertThat(next.get("/tokens").orElseThrow().asLong()).isEqualTo(m.get("tokens").asLong());
    assertThat(next).isEqualTo(ContextDocument.of(httpWindow(project, m.get("version").asLong(), query)));
    return next;
  }

  @Test
  void aWindowedSubscriberFollowsItsWindow() {
    commit("follow", 1);
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/follow/stream?agentId=a&budget=600"))) {
      JsonNode first = ws.next();
      assertThat(first.get("type").asText()).isEqualTo("window_snapshot");
      assertThat(first.get("budget").asInt()).isEqualTo(600);
      ContextDocument held = apply(null, first, "follow", "budget=600&agentId=a");
      for (int n = 2; n <= 6; n++) {
        commit("follow", n);
        JsonNode m = ws.next();
        assertThat(m.get("type").asText()).isEqualTo("window_update");
        assertThat(m.get("baseVersion").asLong()).isEqualTo(n - 1);
        assertThat(m.get("version").asLong()).isEqualTo(n);
        held = apply(held, m, "follow", "budget=600&agentId=a");
        assertThat(held.get("/context/currentTask").orElseThrow().asText()).isEqualTo("task " + n);
        assertThat(m.get("tokensSaved").asLong()).isPositive();
      }
    }
  }

  @Test
  void aProjectCreatedLaterStartsWithASnapshotAndResumeContinuesTheWindow() {
    ContextDocument held;
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/later/stream?budget=800&encoding=cl100k_base"))) {
      commit("later", 1);
      JsonNode first = ws.next();
      assertThat(first.get("type").asText()).isEqualTo("window_snapshot");
      held = apply(null, first, "later", "budget=800&encoding=cl100k_base");
      commit("later", 2);
      held = apply(held, ws.next(), "later", "budget=800&encoding=cl100k_base");
    }
    commit("later", 3);
    commit("later", 4);
    try (WsClient ws = WsClient.connect(Servers.ws(server,
        "/context/later/stream?budget=800&encoding=cl100k_base&fromVersion=2"))) {
      for (long v = 3; v <= 4; v++) {
        JsonNode m = ws.next();
        assertThat(m.get("type").asText()).isEqualTo("window_update");
        assertThat(m.get("baseVersion").asLong()).isEqualTo(v - 1);
        held = apply(held, m, "later", "budget=800&encoding=cl100k_base");
      }
    }
  }

  @Test
  void theServerCountsWhatTheWindowedSubscriberGot() {
    commit("counted", 1);
    JsonNode before = http.get("/metrics").json();
    long served = 0;
    long saved = 0;
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/counted/stream?budget=700"))) {
      JsonNode snap = ws.next();
      long whole = server.store().head("counted").orElseThrow().version().tokens();
      served += snap.get("tokens").asLong();
      saved += whole - snap.get("tokens").asLong();
      for (int n = 2; n <= 4; n++) {
        commit("counted", n);
        JsonNode m = ws.next();
        long patch = O200K.count(Patch.fromJson(m.get("patch")));
        long full = server.store().head("counted").orElseThrow().version().tokens();
        assertThat(m.get("tokensSaved").asLong()).isEqualTo(full - patch);
        served += patch;
        saved += full - patch;
      }
    }
    JsonNode after = http.get("/metrics").json();
    assertThat(after.get("tokensServed").asLong() - before.get("tokensServed").asLong()).isEqualTo(served);
    assertThat(after.get("tokensSaved").asLong() - before.get("tokensSaved").asLong()).isEqualTo(saved);
  }

  @Test
  void badWindowParametersRefuseTheUpgrade() {
    for (String q : new String[] {"budget=12", "budget=x", "budget=500&encoding=nope", "encoding=cl100k_base"}) {
      Throwable t = WsClient.connectFailure(Servers.ws(server, "/context/refused/stream?" + q));
      assertThat(t).as(q).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) t).getResponse().statusCode()).as(q).isEqualTo(400);
    }
  }
}
