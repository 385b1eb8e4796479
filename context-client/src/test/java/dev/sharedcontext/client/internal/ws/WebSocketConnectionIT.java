package dev.sharedcontext.client.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transport against the real server: what it negotiates, and that a snapshot arrives either way. */
class WebSocketConnectionIT {

  @ParameterizedTest(name = "offer {0}, server compression {1}")
  @CsvSource({"true, true, true", "false, true, false", "true, false, false"})
  void theServerAgreesToPermessageDeflateWhenOfferedAndAllowed(boolean offer, boolean serverAllows,
      boolean compressed) throws Exception {
    ContextStore store = ContextStore.inMemory();
    store.commit("ws", CommitRequest.replace(ContextDocument.parse("{\"a\":\"" + "x".repeat(5000) + "\"}")).by("w"));
    try (SharedContextServer server = SharedContextServer.builder().options(ServerOptions.builder()
        .shutdownQuietPeriod(Duration.ZERO).webSocketCompression(serverAllows).build()).port(0).store(store).build()
        .start()) {
      WebSocketConnectionTest.Recorder recorder = new WebSocketConnectionTest.Recorder();
      URI uri = URI.create(server.uri().toString().replaceFirst("^http", "ws") + "/context/ws/stream");
      WebSocketConnection c = WebSocketConnection.open(uri,
          new WebSocketConfig(Duration.ofSeconds(5), null, 1 << 20, offer, "it-ws"), recorder);
      try {
        recorder.opened.get(10, TimeUnit.SECONDS);
        assertThat(c.isCompressed()).isEqualTo(compressed);
        if (compressed) {
          assertThat(c.extensions()).startsWith("permessage-deflate");
        } else {
          assertThat(c.extensions()).isNull();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.texts.isEmpty());
        assertThat(recorder.texts.get(0)).contains("\"context_snapshot\"").contains("x".repeat(5000));
      } finally {
        c.abort();
      }
    } finally {
      store.close();
    }
  }
}
