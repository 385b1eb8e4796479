package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tokensServed} and {@code tokensSaved} of {@code /metrics} add up over every kind of
 * delivery, HTTP and WebSocket, plain and windowed: the test recounts each from what it received,
 * with its own tokenizer, by the definitions of the README (full context at that version minus
 * what was sent; a reference saves nothing).
 */
class TokenAccountingIT {
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
    return "{\"currentTask\": \"step " + n + "\", \"documentation\": {\"guide.md\": \""
        + "Every line of the guide says the same thing.\\n".repeat(150) + "revision " + n + "\\n\"}}";
  }

  static long full(int version) {
    return O200K.count(server.store().at("acct", version).document());
  }

  @Test
  void everyDeliveryIsCountedOnceAndTheFiguresAddUp() {
    http.put("/context/acct", "{\"context\": " + context(1) + "}");
    JsonNode before = http.get("/metrics").json();
    long served = 0;
    long saved = 0;
    try (WsClient plain = WsClient.connect(Servers.ws(server, "/context/acct/stream?agentId=p"));
        WsClient windowed = WsClient.connect(Servers.ws(server, "/context/acct/stream?agentId=w&budget=300"))) {
      JsonNode snap = plain.next();
      served += O200K.count(ContextDocument.of(snap.get("context")));
      JsonNode wsnap = windowed.next();
      served += wsnap.get("tokens").asLong();
      saved += full(1) - wsnap.get("tokens").asLong();
      for (int n = 2; n <= 3; n++) {
        http.put("/context/acct", "{\"context\": " + context(n) + "}");
        long patch = O200K.count(Patch.fromJson(plain.next().get("patch")));
        long windowPatch = O200K.count(Patch.fromJson(windowed.next().get("patch")));
        served += patch + windowPatch;
        saved += 2 * full(n) - patch - windowPatch;
      }
    }
    JsonNode head = http.get("/context/acct").json();
    served += O200K.count(ContextDocument.of(head.get("context")));
    JsonNode since = http.get("/context/acct?since=1").json();
    long delta = O200K.count(Patch.fromJson(since.get("patch")));
    served += delta;
    saved += full(3) - delta;
    JsonNode window = http.get("/context/acct/window?budget=300").json();
    served += window.get("tokens").asLong();
    saved += full(3) - window.get("tokens").asLong();
    JsonNode ref = window.get("references").get(0);
    JsonNode value = http.get("/context/acct/ref?version=3&path="
        + URLEncoder.encode(ref.get("path").asText(), StandardCharsets.UTF_8)).json();
    served += O200K.count(value);
    saved -= O200K.count(value);
    http.get("/context/acct", "If-None-Match", "\"3\""); // a 304 delivers nothing

    JsonNode after = http.get("/metrics").json();
    assertThat(after.get("tokensServed").asLong() - before.get("tokensServed").asLong()).isEqualTo(served);
    assertThat(after.get("tokensSaved").asLong() - before.get("tokensSaved").asLong()).isEqualTo(saved);
    assertThat(full(3)).as("the store counts like the server").isEqualTo(
        server.store().head("acct").orElseThrow().version().tokens());
  }
}
