package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.server.SharedContextServer;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
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
    commit(server, project, n);
  }

  static void commit(SharedContextServer on, String project, int n) {
    on.store().commit(project, CommitRequest.replace(ContextDocument.parse(context(n))).by("writer"));
  }

  static ContextDocument apply(ContextDocument held, JsonNode m, String project, String query) {
    return apply(http, held, m, project, query);
  }

  /** The window a client holds, moved by one message; checks version, hash and the HTTP window. */
  static ContextDocument apply(Http on, ContextDocument held, JsonNode m, String project, String query) {
    ContextDocument next = m.get("type").asText().equals("window_snapshot")
        ? ContextDocument.of(m.get("window"))
        : Patch.fromJson(m.get("patch")).apply(held);
    assertThat(next.hash()).isEqualTo(m.get("hash").asText());
    assertThat(next.get("/version").orElseThrow().asLong()).isEqualTo(m.get("version").asLong());
    assertThat(next.get("/tokens").orElseThrow().asLong()).isEqualTo(m.get("tokens").asLong());
    long v = m.get("version").asLong();
    JsonNode window = on.get("/context/" + project + "/window?version=" + v + "&" + query).json();
    assertThat(next).isEqualTo(ContextDocument.of(window));
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
  void windowedSubscribersWithOtherParametersEachFollowTheirOwnWindow() {
    followTogether(server, http, "together");
  }

  @Test
  void windowedSubscribersFollowTheirWindowsWithHandlerThreadsToo() {
    // Handlers on their own executors: the subscriber's writes reach the window stream there,
    // while the I/O thread does the rest.
    try (SharedContextServer threaded = Servers.start(Servers.testOptions().handlerThreads(2).build())) {
      followTogether(threaded, new Http(threaded.uri()), "threaded");
    }
  }

  /**
   * Subscribers of one project with the same and with other budgets and encodings: each follows
   * the window {@code GET /window} answers for its parameters, the ones alike get the same
   * messages, and {@code /metrics} counts what each got (read before any {@code GET /window},
   * which counts too).
   */
  static void followTogether(SharedContextServer on, Http onHttp, String project) {
    commit(on, project, 1);
    String[] queries = {"budget=600&agentId=a", "budget=600&agentId=b", "budget=900&agentId=c",
        "budget=600&encoding=cl100k_base"};
    JsonNode before = onHttp.get("/metrics").json();
    long served = 0;
    long saved = 0;
    List<List<JsonNode>> got = new ArrayList<>();
    List<WsClient> clients = new ArrayList<>();
    try {
      for (String query : queries) {
        WsClient ws = WsClient.connect(Servers.ws(on, "/context/" + project + "/stream?" + query));
        clients.add(ws);
        JsonNode snap = ws.next();
        assertThat(snap.get("type").asText()).isEqualTo("window_snapshot");
        long window = O200K.count(ContextDocument.of(snap.get("window")));
        served += window;
        saved += on.store().at(project, 1).version().tokens() - window;
        got.add(new ArrayList<>(List.of(snap)));
      }
      for (int n = 2; n <= 5; n++) {
        commit(on, project, n);
        long full = on.store().at(project, n).version().tokens();
        for (int i = 0; i < queries.length; i++) {
          JsonNode m = clients.get(i).next();
          assertThat(m.get("type").asText()).isEqualTo("window_update");
          long patch = O200K.count(Patch.fromJson(m.get("patch")));
          assertThat(m.get("tokensSaved").asLong()).isEqualTo(full - patch);
          served += patch;
          saved += full - patch;
          got.get(i).add(m);
        }
      }
    } finally {
      clients.forEach(WsClient::close);
    }
    JsonNode after = onHttp.get("/metrics").json();
    assertThat(after.get("tokensServed").asLong() - before.get("tokensServed").asLong()).isEqualTo(served);
    assertThat(after.get("tokensSaved").asLong() - before.get("tokensSaved").asLong()).isEqualTo(saved);
    for (int i = 0; i < queries.length; i++) {
      ContextDocument held = null;
      for (JsonNode m : got.get(i)) {
        held = apply(onHttp, held, m, project, queries[i]);
      }
    }
    assertThat(got.get(1)).as("alike subscribers get alike messages").isEqualTo(got.get(0));
    assertThat(got.get(2)).isNotEqualTo(got.get(0));
    assertThat(got.get(3)).isNotEqualTo(got.get(0));
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
