package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.server.SharedContextServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate with a client that offers it (Netty's; the JDK's cannot): negotiated, every
 * subscriber of one shared frame decoding the same messages whether it compresses or not, no
 * buffer leaked, the figures of {@code /metrics} from the bytes on the wire.
 */
class WebSocketCompressionIT {
  private SharedContextServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String text(int version) {
    StringBuilder b = new StringBuilder();
    for (int line = 0; line < 200; line++) {
      b.append("line ").append(line).append(line == version % 200 ? " changed in " + version : "").append("\\n");
    }
    return "{\"files\": {\"a.txt\": \"" + b + "\"}, \"version\": " + version + "}";
  }

  private void commit(String project, int version) {
    server.store().commit(project, CommitRequest.replace(ContextDocument.parse(text(version))).by("writer"));
  }

  @Test
  void compressingAndPlainSubscribersGetTheSameMessages() {
    server = Servers.start();
    commit("shared", 0);
    List<DeflateWsClient> deflate = new ArrayList<>();
    try (LeakLog leaks = new LeakLog();
        WsClient plain = WsClient.connect(Servers.ws(server, "/context/shared/stream?agentId=plain"))) {
      for (int i = 0; i < 3; i++) {
        deflate.add(DeflateWsClient.connect(Servers.ws(server, "/context/shared/stream?agentId=d" + i), true));
      }
      DeflateWsClient unoffered = DeflateWsClient.connect(Servers.ws(server, "/context/shared/stream?agentId=n"), false);
      deflate.add(unoffered);
      List<JsonNode> expected = new ArrayList<>();
      expected.add(plain.next());
      // Every subscriber holds its snapshot before the commits start: a handshake completes before
      // the server registers the subscriber, so a commit right after it could come first.
      for (DeflateWsClient c : deflate) {
        assertThat(c.next()).isEqualTo(expected.get(0));
      }
      for (int v = 1; v <= 30; v++) {
        commit("shared", v);
        expected.add(plain.next());
      }
      for (DeflateWsClient c : deflate) {
        for (JsonNode e : expected.subList(1, expected.size())) {
          assertThat(c.next()).isEqualTo(e);
        }
      }
      for (int i = 0; i < 3; i++) {
        assertThat(deflate.get(i).compressedFrames()).as("every data frame compressed").isEqualTo(31);
        assertThat(deflate.get(i).wireBytes()).isLessThan(unoffered.wireBytes() / 3);
      }
      assertThat(unoffered.compressedFrames()).isZero();
      deflate.forEach(DeflateWsClient::close);
      assertThat(leaks.leaks()).isEmpty();
    }
  }

  @Test
  void theFiguresAreTheBytesOnTheWire() {
    server = Servers.start();
    commit("figures", 0);
    try (DeflateWsClient c = DeflateWsClient.connect(Servers.ws(server, "/context/figures/stream"), true)) {
      c.next();
      for (int v = 1; v <= 10; v++) {
        commit("figures", v);
        c.next();
      }
      JsonNode m = new Http(server.uri()).get("/metrics").json();
      assertThat(m.get("bytesSent").asLong()).as("the frames' payloads as sent").isEqualTo(c.wireBytes());
      assertThat(m.get("compressionRatio").asDouble()).isGreaterThan(3.0);
      assertThat(m.get("compressionSaved").asLong()).isPositive();
    }
  }

  @Test
  void messagesFromACompressingClientAreRead() {
    server = Servers.start();
    commit("upstream", 0);
    try (DeflateWsClient c = DeflateWsClient.connect(Servers.ws(server, "/context/upstream/stream?agentId=w"), true)) {
      assertThat(c.next().get("type").asText()).isEqualTo("context_snapshot");
      c.send("{\"type\": \"context_update\", \"requestId\": 7, \"baseVersion\": 1, \"patch\": "
          + "[{\"op\": \"replace\", \"path\": \"/version\", \"value\": 99}]}");
      JsonNode first = c.next();
      JsonNode second = c.next();
      JsonNode ack = first.get("type").asText().equals("ack") ? first : second;
      assertThat(ack.get("requestId").asInt()).isEqualTo(7);
      assertThat(ack.get("version").asLong()).isEqualTo(2);
    }
  }

  @Test
  void aCompressedBombIsRefusedAndTheServerLivesOn() {
    server = Servers.start(Servers.testOptions().maxFrameBytes(64 * 1024).build());
    commit("bomb", 0);
    try (DeflateWsClient c = DeflateWsClient.connect(Servers.ws(server, "/context/bomb/stream"), true)) {
      c.next();
      c.send("{\"type\": \"ping\", \"pad\": \"" + "x".repeat(8 * 1024 * 1024) + "\"}");
      JsonNode error = c.next();
      assertThat(error.get("type").asText()).isEqualTo("error");
      assertThat(error.get("code").asText()).isEqualTo("TOO_LARGE");
      await().atMost(Duration.ofSeconds(10)).until(() -> !c.isOpen());
    }
    assertThat(new Http(server.uri()).get("/health").status()).isEqualTo(200);
  }

  @Test
  void compressionCanBeTurnedOff() {
    server = Servers.start(Servers.testOptions().webSocketCompression(false).build());
    commit("off", 0);
    try (DeflateWsClient c = DeflateWsClient.connect(Servers.ws(server, "/context/off/stream"), true)) {
      assertThat(c.next().get("type").asText()).isEqualTo("context_snapshot");
      assertThat(c.compressedFrames()).isZero();
    }
  }
}
