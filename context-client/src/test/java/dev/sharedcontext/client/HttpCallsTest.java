package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP side of the client against a scripted server: reads, the cache, writes, failures. */
class HttpCallsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StubServer server = StubServer.start();
  private final MutableClock clock = new MutableClock();
  private SharedContextClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  static String head(long version, String context) {
    String hash = ContextDocument.parse(context).hash();
    return "{\"projectId\":\"p\",\"version\":" + version + ",\"timestamp\":\"2026-01-01T00:00:00.000Z\","
        + "\"context\":" + context + ",\"hash\":\"" + hash + "\"}";
  }

  static String receipt(long version, String context) {
    return "{\"projectId\":\"p\",\"version\":" + version + ",\"hash\":\"" + ContextDocument.parse(context).hash()
        + "\",\"tokensSaved\":7,\"subscribers\":0}";
  }

  private SharedContextClient client(ClientBuilder b) {
    client = b.uri(server.uri()).projectId("p").agentId("agent-1").streaming(false).clock(clock).build();
    return client;
  }

  @Test
  void repeatedReadsWithinTheTtlCostNoRequestThenRevalidateWithIfNoneMatch() throws Exception {
    client(SharedContextClient.builder().cacheTtl(Duration.ofMinutes(5)));
    server.enqueue(200, head(3, "{\"a\":1}")).enqueue(new StubServer.Reply(304, Map.of("ETag", "\"3\""),
        new byte[0], false));

    VersionedContext first = client.getContext();
    assertThat(first.version()).isEqualTo(3);
    assertThat(first.document()).isEqualTo(ContextDocument.parse("{\"a\":1}"));
    assertThat(server.takeRequest().headers().getFirst("If-None-Match")).isNull();

    assertThat(client.getContext()).isSameAs(first);
    assertThat(server.requestCount()).isZero();

    clock.advance(Duration.ofMinutes(5));
    assertThat(client.getContext()).isEqualTo(first);
    assertThat(server.takeRequest().headers().getFirst("If-None-Match")).isEqualTo("\"3\"");

    assertThat(client.stats()).extracting(ClientStats::reads, ClientStats::cacheHits, ClientStats::requests,
        ClientStats::notModified).containsExactly(3L, 1L, 2L, 1L);
  }

  @Test
  void commonHeadersAreSent() throws Exception {
    client(SharedContextClient.builder().authToken("s3cret"));
    server.enqueue(200, head(1, "{}"));
    client.getContext();
    StubServer.Recorded r = server.takeRequest();
    assertThat(r.target()).isEqualTo("/context/p");
    assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(r.headers().getFirst("Accept-Encoding")).isEqualTo("zstd, gzip, deflate");
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void compressedResponsesAreDecoded(Codec codec) {
    client(SharedContextClient.builder());
    byte[] gz = codec.encode(head(2, "{\"big\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8));
    server.enqueue(new StubServer.Reply(200, Map.of("Content-Encoding", codec.contentEncoding()), gz, false));
    VersionedContext c = client.getContext();
    assertThat(c.version()).isEqualTo(2);
    assertThat(client.stats().bytesReceived()).isEqualTo(gz.length);
  }

  @Test
  void aResponsePastTheBoundIsRefused() {
    client(SharedContextClient.builder().options(ClientOptions.builder().projectId("p").maxResponseBytes(100)
        .build()));
    server.enqueue(200, head(1, "{\"big\":\"" + "x".repeat(500) + "\"}"));
    assertThatThrownBy(client::getContext).isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("maxResponseBytes");
  }

  @Test
  void aContextWhoseHashDoesNotMatchIsRefused() {
    client(SharedContextClient.builder());
    server.enqueue(200, head(1, "{\"a\":1}").replace("\"a\":1", "\"a\":2"));
    assertThatThrownBy(client::getContext).isInstanceOf(ContextException.class)
        .extracting(e -> ((ContextException) e).code()).isEqualTo("HASH_MISMATCH");
    assertThat(client.cached()).isEmpty();
  }

  @Test
  void setContextWithoutACacheSendsTheWholeDocument() throws Exception {
    client(SharedContextClient.builder());
    server.enqueue(201, "{\"projectId\":\"p\",\"version\":1,\"hash\":\"" + ContextDocument.parse("{\"a\":1}").hash()
        + "\",\"isNew\":true,\"size\":7,\"tokens\":3}");
    CommitReceipt r = client.setContext(ContextDocument.parse("{\"a\":1}"));
    assertThat(r.created()).isTrue();
    StubServer.Recorded put = server.takeRequest();
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(JSON.readTree(put.body()).get("context")).isEqualTo(JSON.readTree("{\"a\":1}"));
    assertThat(JSON.readTree(put.body()).get("agentId").asText()).isEqualTo("agent-1");
    assertThat(client.cached()).get().extracting(VersionedContext::version).isEqualTo(1L);
  }

  @Test
  void setContextWithACacheSendsOnlyTheDiffBasedOnTheCachedVersion() throws Exception {
    client(SharedContextClient.builder());
    String big = "{\"keep\":\"" + "k".repeat(2000) + "\",\"n\":1}";
    String next = big.replace("\"n\":1", "\"n\":2");
    server.enqueue(200, head(4, big)).enqueue(200, receipt(5, next));
    client.getContext();
    server.takeRequest();

    CommitReceipt r = client.setContext(ContextDocument.parse(next));
    assertThat(r.version()).isEqualTo(5);
    assertThat(r.tokensSaved()).isEqualTo(7);
    assertThat(r.changed()).as("an answer without 'changed' made a version").isTrue();
    StubServer.Recorded post = server.takeRequest();
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.target()).isEqualTo("/context/p/diff");
    assertThat(post.body()).doesNotContain("kkkk");
    var body = JSON.readTree(post.body());
    assertThat(body.get("baseVersion").asLong()).isEqualTo(4);
    assertThat(Patch.fromJson(body.get("patch")).apply(ContextDocument.parse(big)))
        .isEqualTo(ContextDocument.parse(next));
    // Read your own writes: the cache took the commit without another request.
    assertThat(client.getContext().version()).isEqualTo(5);
    assertThat(server.requestCount()).isZero();

    // Unchanged: nothing to send.
    CommitReceipt unchanged = client.setContext(ContextDocument.parse(next));
    assertThat(unchanged.version()).isEqualTo(5);
    assertThat(unchanged.changed()).isFalse();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void updateWithAFunctionRetriesOnConflict() throws Exception {
    client(SharedContextClient.builder());
    server.enqueue(200, head(1, "{\"n\":1}"))
        .enqueue(409, "{\"error\":\"conflict\",\"code\":\"VERSION_CONFLICT\",\"statusCode\":409,"
            + "\"baseVersion\":1,\"currentVersion\":2,\"conflictingPaths\":[\"/n\"]}")
        .enqueue(200, head(2, "{\"n\":5}"))
        .enqueue(200, receipt(3, "{\"n\":6}"));
    CommitReceipt r = client.update(doc -> ContextDocument.parse("{\"n\":"
        + (doc.get("/n").orElseThrow().asInt() + 1) + "}"));
    assertThat(r.version()).isEqualTo(3);
    server.takeRequest();
    assertThat(JSON.readTree(server.takeRequest().body()).get("baseVersion").asLong()).isEqualTo(1);
    assertThat(server.takeRequest().headers().getFirst("If-None-Match")).isEqualTo("\"1\"");
    var retry = JSON.readTree(server.takeRequest().body());
    assertThat(retry.get("baseVersion").asLong()).isEqualTo(2);
    assertThat(client.cached().orElseThrow().document()).isEqualTo(ContextDocument.parse("{\"n\":6}"));
  }

  @Test
  void aSlowServerIsATimeout() {
    client(SharedContextClient.builder().requestTimeout(Duration.ofMillis(200)));
    server.enqueue(StubServer.Reply.hanging());
    assertThatThrownBy(client::getContext).isInstanceOf(ContextTimeoutException.class);
  }

  @Test
  void noServerIsAConnectionFailure() {
    int port = server.uri().getPort();
    server.close();
    client = SharedContextClient.builder().uri("http://127.0.0.1:" + port).projectId("p").streaming(false).build();
    assertThatThrownBy(client::getContext).isInstanceOf(ConnectionException.class);
  }

  @Test
  void closeFailsCallsInFlightAndLaterCallsAndIsIdempotent() {
    client(SharedContextClient.builder());
    server.enqueue(StubServer.Reply.hanging());
    CompletableFuture<VersionedContext> pending = client.getContextAsync();
    client.close();
    client.close();
    assertThat(pending).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
        .havingRootCause().isInstanceOf(ClosedException.class);
    assertThatThrownBy(client::getContext).isInstanceOf(ClosedException.class);
    assertThatThrownBy(() -> client.setContext(ContextDocument.empty())).isInstanceOf(ClosedException.class);
  }
}
