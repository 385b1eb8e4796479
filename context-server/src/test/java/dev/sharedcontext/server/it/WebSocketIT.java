package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.server.SharedContextServer;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every WebSocket message of PROTOCOL.md on a real socket, and resume without gap or duplicate. */
class WebSocketIT {
  static SharedContextServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = Servers.start(Servers.testOptions().maxSubscribersPerProject(3).build());
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static WsClient connect(String pathAndQuery) {
    return WsClient.connect(Servers.ws(server, pathAndQuery));
  }

  static void commit(String project, String json) {
    server.store().commit(project, CommitRequest.replace(ContextDocument.parse(json)).by("committer"));
  }

  @Test
  void snapshotOnConnectThenOneUpdatePerVersion() {
    http.put("/context/ws-1", "{\"context\": {\"n\": 0}}");
    try (WsClient ws = connect("/context/ws-1/stream?agentId=reader")) {
      JsonNode snap = ws.next();
      assertThat(snap.get("type").asText()).isEqualTo("context_snapshot");
      assertThat(snap.get("projectId").asText()).isEqualTo("ws-1");
      assertThat(snap.get("version").asLong()).isEqualTo(1);
      assertThat(snap.get("timestamp").asText()).endsWith("Z");
      assertThat(snap.get("hash").asText()).isEqualTo(ContextDocument.of(snap.get("context")).hash());
      ContextDocument doc = ContextDocument.of(snap.get("context"));
      for (int i = 1; i <= 5; i++) {
        http.post("/context/ws-1/diff", "{\"patch\": [{\"op\": \"replace\", \"path\": \"/n\", \"value\": " + i
            + "}], \"agentId\": \"w\"}");
      }
      for (long v = 2; v <= 6; v++) {
        JsonNode u = ws.next();
        assertThat(u.get("type").asText()).isEqualTo("context_update");
        assertThat(u.get("projectId").asText()).isEqualTo("ws-1");
        assertThat(u.get("version").asLong()).isEqualTo(v);
        assertThat(u.get("baseVersion").asLong()).isEqualTo(v - 1);
        assertThat(u.get("agentId").asText()).isEqualTo("w");
        assertThat(u.get("timestamp").asText()).endsWith("Z");
        assertThat(u.has("context")).isFalse();
        assertThat(u.get("tokensSaved").isIntegralNumber()).isTrue();
        doc = Patch.fromJson(u.get("patch")).apply(doc);
        assertThat(doc.hash()).isEqualTo(u.get("hash").asText());
      }
      assertThat(doc.get("/n").orElseThrow().asInt()).isEqualTo(5);
    }
  }

  @Test
  void pingContextUpdateAckAndErrors() {
    http.put("/context/ws-2", "{\"context\": {\"a\": 1}}");
    try (WsClient ws = connect("/context/ws-2/stream?agentId=writer")) {
      ws.next(); // snapshot
      ws.send("{\"type\": \"ping\"}");
      assertThat(ws.next().get("type").asText()).isEqualTo("pong");

      ws.send("{\"type\": \"context_update\", \"requestId\": \"r1\", \"baseVersion\": 1, "
          + "\"patch\": [{\"op\": \"add\", \"path\": \"/b\", \"value\": 2}]}");
      List<JsonNode> two = List.of(ws.next(), ws.next()); // the ack and our own update, in either order
      JsonNode ack = two.stream().filter(m -> m.get("type").asText().equals("ack")).findFirst().orElseThrow();
      JsonNode update = two.stream().filter(m -> m.get("type").asText().equals("context_update")).findFirst().orElseThrow();
      assertThat(ack.get("requestId").asText()).isEqualTo("r1");
      assertThat(ack.get("version").asLong()).isEqualTo(2);
      assertThat(ack.get("hash").asText()).isEqualTo(update.get("hash").asText());
      assertThat(update.get("agentId").asText()).isEqualTo("writer");

      ws.send("{\"type\": \"context_update\", \"requestId\": 7, \"patch\": [{\"op\": \"remove\", \"path\": \"/zzz\"}]}");
      JsonNode failed = ws.next();
      assertThat(failed.get("type").asText()).isEqualTo("error");
      assertThat(failed.get("requestId").asInt()).isEqualTo(7);
      assertThat(failed.get("code").asText()).isEqualTo("PATCH_FAILED");

      ws.send("{\"type\": \"context_update\", \"requestId\": \"r3\", \"baseVersion\": 1, "
          + "\"patch\": [{\"op\": \"replace\", \"path\": \"/b\", \"value\": 3}]}");
      JsonNode conflict = ws.next();
      assertThat(conflict.get("code").asText()).isEqualTo("VERSION_CONFLICT");
      assertThat(conflict.get("currentVersion").asLong()).isEqualTo(2);
      assertThat(conflict.get("requestId").asText()).isEqualTo("r3");

      ws.send("{\"type\": \"context_update\", \"requestId\": \"r4\"}");
      assertThat(ws.next().get("code").asText()).isEqualTo("INVALID_INPUT");
      ws.send("{\"type\": \"teleport\"}");
      assertThat(ws.next().get("error").asText()).contains("unknown message type");
      ws.send("{not json");
      assertThat(ws.next().get("code").asText()).isEqualTo("INVALID_INPUT");
      ws.send("[1, 2]");
      assertThat(ws.next().get("type").asText()).isEqualTo("error");
      ws.sendBinary(new byte[] {1, 2, 3});
      assertThat(ws.next().get("error").asText()).contains("binary");
      ws.send("{\"type\": \"ping\"}");
      assertThat(ws.next().get("type").asText()).isEqualTo("pong");
      assertThat(ws.isClosed()).isFalse();
    }
  }

  @Test
  void subscribeRestartsTheFeedFromAVersion() {
    http.put("/context/ws-3", "{\"context\": {\"n\": 1}}");
    http.put("/context/ws-3", "{\"context\": {\"n\": 2}}");
    http.put("/context/ws-3", "{\"context\": {\"n\": 3}}");
    try (WsClient ws = connect("/context/ws-3/stream")) {
      assertThat(ws.next().get("version").asLong()).isEqualTo(3);
      ws.send("{\"type\": \"subscribe\", \"fromVersion\": 1}");
      for (long v = 2; v <= 3; v++) {
        JsonNode update = ws.next(); // each version, from the history
        assertThat(update.get("type").asText()).isEqualTo("context_update");
        assertThat(update.get("baseVersion").asLong()).isEqualTo(v - 1);
        assertThat(update.get("version").asLong()).isEqualTo(v);
      }
      ws.send("{\"type\": \"subscribe\", \"fromVersion\": 0}");
      assertThat(ws.next().get("type").asText()).isEqualTo("context_snapshot");
      ws.send("{\"type\": \"subscribe\", \"fromVersion\": \"x\"}");
      assertThat(ws.next().get("code").asText()).isEqualTo("INVALID_INPUT");
    }
  }

  @Test
  void deletionIsAnnouncedThenClosed() {
    http.put("/context/ws-4", "{\"context\": {}}");
    try (WsClient ws = connect("/context/ws-4/stream")) {
      ws.next();
      http.delete("/context/ws-4");
      JsonNode deleted = ws.next();
      assertThat(deleted.get("type").asText()).isEqualTo("context_deleted");
      assertThat(deleted.get("projectId").asText()).isEqualTo("ws-4");
      assertThat(ws.closeStatus(5)).isEqualTo(1000);
    }
  }

  @Test
  void theOriginalPathAndAProjectThatDoesNotExistYet() {
    try (WsClient ws = connect("/context/stream?projectId=ws-5&agentId=a")) {
      http.put("/context/ws-5", "{\"context\": {\"x\": 1}}");
      JsonNode first = ws.next();
      assertThat(first.get("type").asText()).isEqualTo("context_update");
      assertThat(first.get("baseVersion").asLong()).isZero();
      assertThat(first.get("version").asLong()).isEqualTo(1);
      ContextDocument doc = Patch.fromJson(first.get("patch")).apply(ContextDocument.empty());
      assertThat(doc.hash()).isEqualTo(first.get("hash").asText());
    }
    Throwable noProject = WsClient.connectFailure(Servers.ws(server, "/context/stream?agentId=a"));
    assertThat(noProject).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) noProject).getResponse().statusCode()).isEqualTo(400);
  }

  @Test
  void subscriberLimitAndOriginAreCheckedBeforeTheUpgrade() {
    List<WsClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        open.add(connect("/context/ws-6/stream"));
      }
      Throwable full = WsClient.connectFailure(Servers.ws(server, "/context/ws-6/stream"));
      assertThat(((WebSocketHandshakeException) full).getResponse().statusCode()).isEqualTo(429);
      Throwable evil = WsClient.connectFailure(Servers.ws(server, "/context/ws-7/stream"), "Origin", "http://evil.example");
      assertThat(((WebSocketHandshakeException) evil).getResponse().statusCode()).isEqualTo(403);
      Throwable bad = WsClient.connectFailure(Servers.ws(server, "/context/ws-7/stream?fromVersion=-3"));
      assertThat(((WebSocketHandshakeException) bad).getResponse().statusCode()).isEqualTo(400);
    } finally {
      open.forEach(WsClient::close);
    }
    // Closed subscribers free their places.
    await().atMost(Duration.ofSeconds(5)).until(() -> WsClient.connectFailure(Servers.ws(server, "/context/ws-6/stream")) == null);
  }

  @Test
  void resumeFromAVersionHasNoGapAndNoDuplicateWhileCommitsRun() throws Exception {
    String project = "ws-resume";
    commit(project, "{\"n\": 0}");
    int total = 400;
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch halfway = new CountDownLatch(1);
    Thread writer = new Thread(() -> {
      for (int i = 1; i < total && !stop.get(); i++) {
        commit(project, "{\"n\": " + i + ", \"text\": \"line " + i + "\\n\"}");
        if (i == total / 4) {
          halfway.countDown();
        }
      }
    });
    writer.start();
    halfway.await();
    List<Resumer> resumers = new ArrayList<>();
    try {
      for (int k = 0; k < 3; k++) {
        long from = server.store().head(project).orElseThrow().version().version() - 5;
        ContextDocument base = server.store().at(project, from).document();
        resumers.add(new Resumer(connect("/context/" + project + "/stream?fromVersion=" + from), from, base));
      }
      writer.join();
      long head = server.store().head(project).orElseThrow().version().version();
      assertThat(head).isEqualTo(total);
      String headHash = server.store().head(project).orElseThrow().version().hash();
      for (Resumer r : resumers) {
        r.readUntil(head);
        assertThat(r.doc.hash()).isEqualTo(headHash);
      }
    } finally {
      stop.set(true);
      writer.join();
      resumers.forEach(r -> r.ws.close());
    }
  }

  @Test
  void resumingARecentVersionReplaysEveryVersionOneByOne() {
    String project = "ws-replay";
    commit(project, "{\"n\": 0}");
    try (WsClient watcher = connect("/context/" + project + "/stream")) {
      watcher.next(); // the feed of this project is live: its recent frames are kept
      for (int i = 1; i <= 30; i++) {
        commit(project, "{\"n\": " + i + "}");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> watcher.drain().stream()
          .anyMatch(m -> m.get("version").asLong() == 31));
      ContextDocument doc = server.store().at(project, 21).document();
      try (WsClient resumed = connect("/context/" + project + "/stream?fromVersion=21")) {
        for (long v = 22; v <= 31; v++) {
          JsonNode u = resumed.next();
          assertThat(u.get("baseVersion").asLong()).isEqualTo(v - 1);
          assertThat(u.get("version").asLong()).isEqualTo(v);
          doc = Patch.fromJson(u.get("patch")).apply(doc);
          assertThat(doc.hash()).isEqualTo(u.get("hash").asText());
        }
        commit(project, "{\"n\": 32}");
        assertThat(resumed.next().get("version").asLong()).isEqualTo(32);
      }
    }
  }

  /** Applies a resumed feed and checks that every message continues exactly where the last ended. */
  static final class Resumer {
    final WsClient ws;
    long version;
    ContextDocument doc;

    Resumer(WsClient ws, long from, ContextDocument base) {
      this.ws = ws;
      this.version = from;
      this.doc = base;
    }

    void readUntil(long head) {
      while (version < head) {
        JsonNode m = ws.next();
        assertThat(m.get("type").asText()).isEqualTo("context_update");
        assertThat(m.get("baseVersion").asLong()).as("no gap, no duplicate").isEqualTo(version);
        assertThat(m.get("version").asLong()).isGreaterThan(version);
        doc = Patch.fromJson(m.get("patch")).apply(doc);
        assertThat(doc.hash()).isEqualTo(m.get("hash").asText());
        version = m.get("version").asLong();
      }
      assertThat(ws.drain()).isEmpty();
    }
  }
}
