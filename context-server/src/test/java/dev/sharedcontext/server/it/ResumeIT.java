package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resume from versions far older than the recent frames, on a real socket, while commits run:
 * every version after the one asked from arrives as its own {@code context_update}, then the
 * live ones, no gap, no duplicate, no composed catch-up; a snapshot only past the history.
 */
class ResumeIT {
  static final int BEFORE = 3000;
  static final int DURING = 1000;

  SharedContextServer server;

  SharedContextServer start(int maxVersions) {
    server = Servers.start(Servers.testOptions()
        .storeOptions(StoreOptions.builder().maxVersionsPerProject(maxVersions).build()).build());
    return server;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  void commit(String project, int n) {
    server.store().commit(project, CommitRequest.replace(ContextDocument.parse(
        "{\"n\": " + n + ", \"files\": {\"log\": \"line " + n + "\\n\"}}")).by("w" + n % 3));
  }

  long head(String project) {
    return server.store().head(project).orElseThrow().version().version();
  }

  /** Reads one update per version from {@code from} until {@code until}; returns the document. */
  static ContextDocument readEveryVersion(WsClient ws, long from, long until, ContextDocument doc) {
    for (long v = from + 1; v <= until; v++) {
      JsonNode m = ws.next(30);
      assertThat(m.get("type").asText()).isEqualTo("context_update");
      assertThat(m.get("baseVersion").asLong()).as("no gap, no duplicate").isEqualTo(v - 1);
      assertThat(m.get("version").asLong()).as("one version per message").isEqualTo(v);
      assertThat(m.has("catchUp")).isFalse();
      doc = Patch.fromJson(m.get("patch")).apply(doc);
      assertThat(doc.hash()).isEqualTo(m.get("hash").asText());
    }
    return doc;
  }

  @Test
  void aLongHistoryIsReplayedVersionByVersionWhileCommitsRun() throws Exception {
    start(10_000);
    String project = "resume-long";
    for (int n = 1; n <= BEFORE; n++) {
      commit(project, n);
    }
    long[] froms = {1, 1000, BEFORE - 100};
    List<ContextDocument> bases = new ArrayList<>();
    for (long from : froms) {
      bases.add(server.store().at(project, from).document());
    }
    Thread writer = new Thread(() -> {
      for (int n = BEFORE + 1; n <= BEFORE + DURING; n++) {
        commit(project, n);
      }
    }, "resume-writer");
    List<WsClient> clients = new ArrayList<>();
    try {
      writer.start();
      for (long from : froms) {
        clients.add(WsClient.connect(Servers.ws(server, "/context/" + project + "/stream?fromVersion=" + from)));
      }
      writer.join();
      long head = head(project);
      assertThat(head).isEqualTo(BEFORE + DURING);
      String hash = server.store().head(project).orElseThrow().version().hash();
      for (int i = 0; i < froms.length; i++) {
        ContextDocument doc = readEveryVersion(clients.get(i), froms[i], head, bases.get(i));
        assertThat(doc.hash()).isEqualTo(hash);
      }
      commit(project, 0);
      for (WsClient ws : clients) {
        assertThat(ws.next().get("version").asLong()).isEqualTo(head + 1);
        assertThat(ws.drain()).isEmpty();
      }
    } finally {
      writer.join();
      clients.forEach(WsClient::close);
    }
  }

  @Test
  void aVersionPastTheHistoryGetsASnapshotThenLiveUpdates() {
    start(100);
    String project = "resume-compacted";
    for (int n = 1; n <= 500; n++) {
      commit(project, n);
    }
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/" + project + "/stream?fromVersion=5"))) {
      JsonNode snap = ws.next();
      assertThat(snap.get("type").asText()).isEqualTo("context_snapshot");
      assertThat(snap.get("version").asLong()).isEqualTo(500);
      commit(project, 501);
      readEveryVersion(ws, 500, 501, ContextDocument.of(snap.get("context")));
    }
    long from = 402; // 100 versions kept: 402..501, and the oldest is still replayed from
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/" + project + "/stream?fromVersion=" + from))) {
      readEveryVersion(ws, from, 501, server.store().at(project, from).document());
      assertThat(ws.drain()).isEmpty();
    }
  }
}
