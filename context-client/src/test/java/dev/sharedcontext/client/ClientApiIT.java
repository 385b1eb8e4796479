package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchFailedException;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.UnauthorizedException;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.tokens.TokenEncoding;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.ServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every call of the client against a real server. */
class ClientApiIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static TestServer server;
  private final List<SharedContextClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = new TestServer(ContextStore.inMemory(StoreOptions.builder().maxVersionsPerProject(20).build()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(SharedContextClient::close);
  }

  private SharedContextClient client(String project, String agent, boolean streaming, ClientListener... listeners) {
    ClientBuilder b = SharedContextClient.builder().uri(server.uri()).projectId(project).agentId(agent)
        .streaming(streaming).backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(200), 2,
            Backoff.Jitter.EQUAL));
    for (ClientListener l : listeners) {
      b.listener(l);
    }
    SharedContextClient c = b.build();
    clients.add(c);
    return c;
  }

  private static PatchOperation replace(String pointer, String value) {
    return new PatchOperation.Replace(JsonPointer.parse(pointer), TextNode.valueOf(value));
  }

  @Test
  void everyCall() throws Exception {
    SharedContextClient writer = client("api-all", "writer", false);
    EventLog log = new EventLog();
    SharedContextClient reader = client("api-all", "reader", true, log);

    assertThatThrownBy(writer::getContext).isInstanceOf(NotFoundException.class);

    ContextDocument v1 = ContextDocument.parse("{\"currentTask\":\"a\",\"files\":{\"x\":\"1\\n2\\n3\\n\"}}");
    CommitReceipt r1 = writer.setContext(v1);
    assertThat(r1.version()).isEqualTo(1);
    assertThat(r1.created()).isTrue();
    assertThat(r1.changed()).isTrue();
    assertThat(r1.hash()).isEqualTo(v1.hash());

    assertThat(writer.updateContext(Patch.of(replace("/currentTask", "b"))).version()).isEqualTo(2);
    CommitReceipt r3 = writer.update(2, Patch.of(replace("/files/x", "1\n2\nthree\n")));
    assertThat(r3.version()).isEqualTo(3);

    assertThatThrownBy(() -> writer.update(2, Patch.of(replace("/files/x", "other\n"))))
        .isInstanceOfSatisfying(VersionConflictException.class, e -> {
          assertThat(e.currentVersion()).isEqualTo(3);
          assertThat(e.conflictingPaths()).contains("/files/x");
        });
    assertThatThrownBy(() -> writer.updateContext(Patch.of(new PatchOperation.Remove(JsonPointer.parse("/nope")))))
        .isInstanceOf(PatchFailedException.class);

    CommitReceipt r4 = writer.update(doc -> ContextDocument.parse(doc.canonicalJson().replace("\"b\"", "\"c\"")));
    assertThat(r4.version()).isEqualTo(4);
    assertThat(r4.changed()).isTrue();
    assertThat(writer.getContext().document().get("/currentTask").orElseThrow().asText()).isEqualTo("c");
    CommitReceipt same = writer.updateContext(Patch.of(replace("/currentTask", "c")));
    assertThat(same.changed()).as("the server made no version of a patch that changes nothing").isFalse();
    assertThat(same.version()).isEqualTo(4);
    assertThat(writer.update(doc -> doc).changed()).as("the client sent nothing for a function that changes nothing")
        .isFalse();

    ContextDocument v2 = writer.getContext(2).document();
    assertThat(writer.createDiff(v1, v2).apply(v1)).isEqualTo(v2);
    CommitReceipt r5 = writer.rollback(2);
    assertThat(r5.version()).isEqualTo(5);
    assertThat(r5.hash()).isEqualTo(v2.hash());

    List<ContextVersion> history = writer.history();
    assertThat(history).extracting(ContextVersion::version).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(history).extracting(ContextVersion::agentId).containsOnly("writer");
    assertThat(writer.history(2, 4)).extracting(ContextVersion::version).containsExactly(3L, 2L);

    ContextChanges since = writer.since(3);
    assertThat(since.isSnapshot()).isFalse();
    assertThat(since.currentVersion()).isEqualTo(5);
    assertThat(since.applyTo(writer.getContext(3).document()).hash()).isEqualTo(v2.hash());

    log.awaitVersion(5, WAIT);
    assertThat(reader.cached().orElseThrow().hash()).isEqualTo(v2.hash());
    assertThat(reader.isConnected()).isTrue();
    log.assertContiguous();

    writer.delete();
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> log.count("deleted") == 1);
    assertThat(reader.cached()).isEmpty();
    assertThatThrownBy(writer::getContext).isInstanceOf(NotFoundException.class);
  }

  @Test
  void repeatedReadsOfAStreamingClientMakeNoRequest() throws Exception {
    SharedContextClient writer = client("api-cache", "writer", false);
    writer.setContext(ContextDocument.parse("{\"a\":1}"));
    EventLog log = new EventLog();
    SharedContextClient reader = client("api-cache", "reader", true, log);
    log.awaitVersion(1, WAIT);
    ClientStats before = reader.stats();
    for (int i = 0; i < 10; i++) {
      assertThat(reader.getContext().version()).isEqualTo(1);
    }
    ClientStats after = reader.stats();
    assertThat(after.requests()).isEqualTo(before.requests());
    assertThat(after.cacheHits() - before.cacheHits()).isEqualTo(10);

    writer.updateContext(Patch.of(new PatchOperation.Add(JsonPointer.parse("/b"), TextNode.valueOf("x"))));
    log.awaitVersion(2, WAIT);
    assertThat(reader.getContext().document()).isEqualTo(ContextDocument.parse("{\"a\":1,\"b\":\"x\"}"));
    assertThat(reader.stats().requests()).isEqualTo(before.requests());
  }

  @Test
  void aLargeContextRoundTrips() {
    SharedContextClient writer = client("api-big", "writer", false);
    ContextDocument big = ContextDocument.parse("{\"text\":\"" + "all work and no play\\n".repeat(10_000) + "\"}");
    writer.setContext(big);
    SharedContextClient reader = client("api-big", "reader", false);
    assertThat(reader.getContext().document()).isEqualTo(big);
    // Savings: a one-line edit of the 220 KB text travels as one x-text hunk.
    String edited = big.canonicalJson().replaceFirst("no play", "some play");
    CommitReceipt r = writer.setContext(ContextDocument.parse(edited));
    assertThat(r.tokensSaved()).isGreaterThan(1000);
  }

  @Test
  void aLargeContextArrivesCompressed() {
    SharedContextClient writer = client("api-gzip", "writer", false);
    ContextDocument big = ContextDocument.parse("{\"text\":\"" + "all work and no play\\n".repeat(10_000) + "\"}");
    writer.setContext(big);
    SharedContextClient reader = client("api-gzip", "reader", false);
    assertThat(reader.getContext().document()).isEqualTo(big);
    assertThat(reader.stats().bytesReceived()).isLessThan(big.sizeBytes() / 10);
  }

  @Test
  void aWindowFitsItsBudgetAndItsReferencesResolveExactly() throws Exception {
    SharedContextClient writer = client("api-window", "writer", false);
    ContextDocument doc = ContextDocument.parse("{\"currentTask\":\"ship the window\",\"documentation\":{\"guide\":\""
        + "every line of the guide\\n".repeat(400) + "\"},\"history\":[\"" + "step\",\"".repeat(300) + "end\"]}");
    writer.setContext(doc);
    Window small = writer.window(400);
    assertThat(small.tokens()).isLessThanOrEqualTo(400).isEqualTo(TokenCounter.bpe().count(small.toJson()));
    assertThat(small.version()).isEqualTo(1);
    assertThat(small.complete()).isFalse();
    assertThat(small.context().get("/currentTask").orElseThrow().asText()).isEqualTo("ship the window");
    assertThat(small.references()).isNotEmpty();
    for (WindowReference ref : small.references()) {
      assertThat(ref.summary()).isNotEmpty();
      assertThat(writer.resolveAsync(ref).get(20, TimeUnit.SECONDS).toJsonNode())
          .isEqualTo(doc.get(ref.path()).orElseThrow());
    }
    Window whole = writer.windowAsync(100_000).get(20, TimeUnit.SECONDS);
    assertThat(whole.complete()).isTrue();
    assertThat(whole.context()).isEqualTo(doc);
    SharedContextClient cl100k = keep(SharedContextClient.builder().uri(server.uri()).projectId("api-window")
        .streaming(false).tokenEncoding(TokenEncoding.CL100K_BASE).build());
    Window counted = cl100k.window(400);
    assertThat(counted.tokens()).isEqualTo(TokenCounter.bpe(TokenEncoding.CL100K_BASE).count(counted.toJson()));
    assertThatThrownBy(() -> writer.window(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client("api-window-none", "x", false).window(500)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void sinceBeyondTheHistoryIsASnapshot() {
    SharedContextClient writer = client("api-compacted", "writer", false);
    writer.setContext(ContextDocument.parse("{\"n\":0}"));
    for (int i = 1; i <= 30; i++) {
      writer.updateContext(Patch.of(new PatchOperation.Replace(JsonPointer.parse("/n"),
          com.fasterxml.jackson.databind.node.IntNode.valueOf(i))));
    }
    ContextChanges c = writer.since(1);
    assertThat(c.isSnapshot()).isTrue();
    assertThat(c.snapshot()).isEqualTo(ContextDocument.parse("{\"n\":30}"));
    assertThat(writer.since(29).isSnapshot()).isFalse();
  }

  @Test
  void concurrentReadModifyWriteLosesNoIncrement() throws Exception {
    client("api-counter", "setup", false).setContext(ContextDocument.parse("{\"counter\":0}"));
    int agents = 4;
    int increments = 15;
    ExecutorService pool = Executors.newFixedThreadPool(agents);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int a = 0; a < agents; a++) {
        // Streaming clients: their caches lag the head, so conflicts are certain and retries must fix them.
        SharedContextClient c = keep(SharedContextClient.builder().uri(server.uri()).projectId("api-counter")
            .agentId("agent-" + a).maxUpdateAttempts(100).build());
        runs.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            c.update(doc -> ContextDocument.parse("{\"counter\":" + (doc.get("/counter").orElseThrow().asInt() + 1)
                + "}"));
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    SharedContextClient check = client("api-counter", "check", false);
    assertThat(check.getContext().document())
        .isEqualTo(ContextDocument.parse("{\"counter\":" + agents * increments + "}"));
    assertThat(check.getContext().version()).isEqualTo(1 + agents * increments);
  }

  @Test
  void tokensAreSentOnRequestsAndOnTheStream() throws Exception {
    ServerOptions options = ServerOptions.builder().shutdownQuietPeriod(Duration.ZERO)
        .accessTokens(List.of(AccessToken.of("writer-token", AccessToken.Access.WRITE, "secure"),
            AccessToken.of("reader-token", AccessToken.Access.READ, "secure")))
        .build();
    try (TestServer secured = new TestServer(ContextStore.inMemory(), options)) {
      SharedContextClient anonymous = keep(SharedContextClient.builder().uri(secured.uri()).projectId("secure")
          .streaming(false).build());
      assertThatThrownBy(anonymous::getContext).isInstanceOfSatisfying(UnauthorizedException.class,
          e -> assertThat(e.isForbidden()).isFalse());

      EventLog log = new EventLog();
      SharedContextClient reader = keep(SharedContextClient.builder().uri(secured.uri()).projectId("secure")
          .authToken("reader-token").backoff(Backoff.fixed(Duration.ofMillis(20))).listener(log).build());
      assertThatThrownBy(() -> reader.setContext(ContextDocument.parse("{\"a\":1}")))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.isForbidden()).isTrue());

      SharedContextClient writer = keep(SharedContextClient.builder().uri(secured.uri()).projectId("secure")
          .authToken("writer-token").streaming(false).build());
      writer.setContext(ContextDocument.parse("{\"a\":1}"));
      log.awaitVersion(1, WAIT);
      assertThat(reader.cached().orElseThrow().document()).isEqualTo(ContextDocument.parse("{\"a\":1}"));
    }
  }

  /**
   * An update function that creates a project sees the project another client created between its
   * read and its commit: the creation, based on version 0, is refused, and the function runs again
   * on the head. (Merged into the other's creation, it would have kept what the function only
   * meant for an absent project.)
   */
  @Test
  void anUpdateCreatingAProjectRunsAgainWhenAnotherCreatedItMeanwhile() {
    SharedContextClient c = client("api-create-race", "creator", false);
    List<ContextDocument> seen = new ArrayList<>();
    CommitReceipt r = c.update(doc -> {
      seen.add(doc);
      if (seen.size() == 1) {
        server.store().commit("api-create-race",
            CommitRequest.replace(ContextDocument.parse("{\"other\":1}")).by("other"));
      }
      // Other members than the other client's: a conflict only because the project now exists.
      return doc.get("/other").isPresent() ? doc : ContextDocument.parse("{\"mine\":1}");
    });
    assertThat(seen).containsExactly(ContextDocument.empty(), ContextDocument.parse("{\"other\":1}"));
    assertThat(r.changed()).isFalse();
    assertThat(c.getContext().document()).isEqualTo(ContextDocument.parse("{\"other\":1}"));
    assertThat(c.getContext().version()).isEqualTo(1);
  }

  @Test
  void aStreamRefusedAtTheUpgradeReportsTheServersTypedError() throws Exception {
    ServerOptions options = ServerOptions.builder().shutdownQuietPeriod(Duration.ZERO)
        .accessTokens(List.of(AccessToken.of("reader-token", AccessToken.Access.READ, "secure"))).build();
    try (TestServer secured = new TestServer(ContextStore.inMemory(), options)) {
      java.util.concurrent.CompletableFuture<dev.sharedcontext.core.ContextException> error =
          new java.util.concurrent.CompletableFuture<>();
      keep(SharedContextClient.builder().uri(secured.uri()).projectId("secure")
          .backoff(Backoff.fixed(Duration.ofMillis(10)).withMaxAttempts(2)).listener(new ClientListener() {
            @Override
            public void onError(dev.sharedcontext.core.ContextException e) {
              error.complete(e);
            }
          }).build());
      // The 401 of the upgrade, read from its JSON body: retried with the backoff, then reported.
      assertThat(error.get(30, TimeUnit.SECONDS)).isInstanceOf(dev.sharedcontext.core.ConnectionException.class)
          .hasCauseInstanceOf(UnauthorizedException.class);
    }
  }

  private SharedContextClient keep(SharedContextClient c) {
    clients.add(c);
    return c;
  }
}
