package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream against a real server, with and without permessage-deflate. Only the store is
 * written and the client makes no HTTP request, so the server's {@code compressionRatio} is
 * over WebSocket data messages alone: above 1 only if they really travelled compressed.
 */
class StreamCompressionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int UPDATES = 30;

  private final TestServer server = new TestServer(ContextStore.inMemory());

  @AfterEach
  void stop() {
    server.close();
  }

  /** A context that compresses well, as real ones do: repeated structure and prose. */
  private static ContextDocument context() {
    StringBuilder files = new StringBuilder("{\"currentTask\":\"start\",\"files\":{");
    for (int i = 0; i < 40; i++) {
      files.append(i == 0 ? "" : ",").append("\"src/File").append(i).append(".java\":\"")
          .append("public final class File").append(i).append(" { /* the same shape in every file */ }\\n".repeat(20))
          .append('"');
    }
    return ContextDocument.parse(files.append("}}").toString());
  }

  private long run(boolean compression) throws Exception {
    ContextStore store = server.store();
    String project = compression ? "deflated" : "plain";
    store.commit(project, CommitRequest.replace(context()).by("w"));
    EventLog log = new EventLog();
    try (SharedContextClient client = SharedContextClient.builder().uri(server.uri()).projectId(project)
        .streamCompression(compression).listener(log).build()) {
      log.awaitVersion(1, WAIT);
      for (int i = 1; i <= UPDATES; i++) {
        store.commit(project, CommitRequest.patch(Patch.of(new PatchOperation.Replace(JsonPointer.parse("/currentTask"),
            TextNode.valueOf("task " + i + ": " + "make the change and describe it; ".repeat(10))))).by("w"));
      }
      var head = store.head(project).orElseThrow();
      log.awaitVersion(head.version().version(), WAIT);
      assertThat(client.cached().orElseThrow().hash()).isEqualTo(head.version().hash());
      assertThat(client.cached().orElseThrow().document()).isEqualTo(head.document());
      log.assertContiguous();
      assertThat(log.count("snapshot")).isEqualTo(1);
      assertThat(log.count("update")).isEqualTo(UPDATES);
      assertThat(client.stats().requests()).as("no HTTP request blurs the ratio").isZero();
    }
    return head(project);
  }

  private long head(String project) {
    return server.store().head(project).orElseThrow().version().version();
  }

  private JsonNode metrics() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.uri() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void updatesArriveDeflatedAndTheCacheEndsOnTheServersHash() throws Exception {
    assertThat(run(true)).isEqualTo(1 + UPDATES);
    JsonNode m = metrics();
    assertThat(m.path("compressionRatio").asDouble()).as("WebSocket messages were deflated: %s", m).isGreaterThan(3.0);
    assertThat(m.path("compressionSaved").asLong()).isPositive();
  }

  @Test
  void withCompressionOffTheStreamStillWorksUncompressed() throws Exception {
    assertThat(run(false)).isEqualTo(1 + UPDATES);
    JsonNode m = metrics();
    assertThat(m.path("compressionRatio").asDouble()).as("%s", m).isEqualTo(1.0);
    assertThat(m.path("compressionSaved").asLong()).isZero();
  }
}
