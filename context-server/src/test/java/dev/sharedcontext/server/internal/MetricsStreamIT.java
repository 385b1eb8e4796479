package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.ServerOptionsBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics/stream} on a real server: events, the timer's life, auth, and shutdown. */
class MetricsStreamIT {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final ContextStore store = ContextStore.inMemory();
  private ServerRuntime rt;
  private NettyServer netty;
  private URI base;

  private void start(ServerOptionsBuilder options) {
    rt = new ServerRuntime(options.shutdownQuietPeriod(Duration.ofMillis(200)).build(), store);
    netty = new NettyServer(rt);
    InetSocketAddress bound = netty.bind("127.0.0.1", 0);
    base = URI.create("http://127.0.0.1:" + bound.getPort());
  }

  @AfterEach
  void stop() {
    if (netty != null) {
      netty.close();
    }
    store.close();
  }

  @Test
  void pushesHelloThenProjectsAndMetricsEveryInterval() throws Exception {
    start(ServerOptions.builder().metricsStreamInterval(Duration.ofMillis(200)));
    send("PUT", "/context/alpha", "{\"context\": {\"task\": \"write\"}, \"agentId\": \"alice\"}", null);
    HttpResponse<Stream<String>> r = open(null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      JsonNode hello = next(it, "hello");
      assertThat(hello.get("intervalMillis").asLong()).isEqualTo(200);
      assertThat(hello.get("auth").asBoolean()).isFalse();
      JsonNode projects = next(it, "projects");
      assertThat(projects.get("total").asInt()).isEqualTo(1);
      JsonNode row = projects.get("projects").get(0);
      assertThat(row.get("projectId").asText()).isEqualTo("alpha");
      assertThat(row.get("agentId").asText()).isEqualTo("alice");
      assertThat(row.get("version").asLong()).isEqualTo(1);
      assertThat(row.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\.\\d{3}Z");
      assertThat(next(it, "metrics").get("commits").asLong()).isEqualTo(1);
      send("POST", "/context/alpha/diff", "{\"patch\": [{\"op\": \"replace\", \"path\": \"/task\", \"value\": \"test\"}], "
          + "\"agentId\": \"bob\"}", null);
      // a tick may have read the figures before the commit; the one after must show it
      assertThat(until(it, "projects", p -> p.get("projects").get(0).get("agentId").asText().equals("bob"))
          .get("projects").get(0).get("version").asLong()).isEqualTo(2);
      assertThat(until(it, "metrics", m -> m.get("commits").asLong() == 2)).isNotNull();
      long first = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        next(it, "metrics");
      }
      // three ticks at 200 ms, never faster (a little scheduling slack allowed)
      assertThat(Duration.ofNanos(System.nanoTime() - first)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
    }
  }

  @Test
  void theTimerRunsOnlyWhileSomeoneListens() throws Exception {
    start(ServerOptions.builder().metricsStreamInterval(Duration.ofMillis(100)));
    assertThat(rt.metricsStream.ticking()).isFalse();
    HttpResponse<Stream<String>> a = open(null);
    HttpResponse<Stream<String>> b = open(null);
    next(a.body().iterator(), "metrics");
    // a listener is registered right after its first events are written
    await().atMost(Duration.ofSeconds(5)).until(() -> rt.metricsStream.listeners() == 2);
    assertThat(rt.metricsStream.ticking()).isTrue();
    a.body().close();
    await().atMost(Duration.ofSeconds(5)).until(() -> rt.metricsStream.listeners() == 1);
    assertThat(rt.metricsStream.ticking()).isTrue();
    b.body().close();
    await().atMost(Duration.ofSeconds(5)).until(() -> rt.metricsStream.listeners() == 0);
    assertThat(rt.metricsStream.ticking()).isFalse();
  }

  @Test
  void needsAnAdminTokenLikeMetrics() throws Exception {
    start(ServerOptions.builder().accessTokens(List.of(
        AccessToken.of("reader", Access.READ, "alpha"),
        AccessToken.allProjects("admin", Access.ADMIN))));
    assertThat(open(null).statusCode()).isEqualTo(401);
    assertThat(open("wrong").statusCode()).isEqualTo(401);
    assertThat(open("reader").statusCode()).isEqualTo(403);
    HttpResponse<Stream<String>> ok = open("admin");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(next(ok.body().iterator(), "hello").get("auth").asBoolean()).isTrue();
    ok.body().close();
    assertThat(send("POST", "/metrics/stream", "{}", "admin").statusCode()).isEqualTo(405);
  }

  @Test
  void closingTheServerEndsEveryStream() throws Exception {
    start(ServerOptions.builder());
    HttpResponse<Stream<String>> r = open(null);
    Iterator<String> it = r.body().iterator();
    next(it, "metrics");
    long t0 = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(netty::close);
    List<String> rest = new ArrayList<>();
    it.forEachRemaining(rest::add); // returns when the response ends
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    closing.get();
    netty = null;
    assertThatThrownBy(() -> open(null)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void theIntervalIsChecked() {
    assertThat(ServerOptions.defaults().metricsStreamInterval()).isEqualTo(Duration.ofSeconds(1));
    ServerOptionsBuilder b = ServerOptions.builder();
    assertThatThrownBy(() -> b.metricsStreamInterval(Duration.ofMillis(99))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.metricsStreamInterval(Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.metricsStreamInterval(null)).isInstanceOf(NullPointerException.class);
    ServerOptions o = b.metricsStreamInterval(Duration.ofMillis(250)).build();
    assertThat(o.mutate().build().metricsStreamInterval()).isEqualTo(Duration.ofMillis(250));
  }

  /** The data of the next event named {@code name}, skipping others. */
  private static JsonNode next(Iterator<String> lines, String name) throws Exception {
    String event = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ") && name.equals(event)) {
        return Fixtures.JSON.readTree(line.substring(6));
      }
    }
    throw new AssertionError("the stream ended before a " + name + " event");
  }

  /** The data of the first event named {@code name} that satisfies {@code test}, within 20 such events. */
  private static JsonNode until(Iterator<String> lines, String name, Predicate<JsonNode> test) throws Exception {
    for (int i = 0; i < 20; i++) {
      JsonNode data = next(lines, name);
      if (test.test(data)) {
        return data;
      }
    }
    throw new AssertionError("20 " + name + " events, none as expected");
  }

  private HttpResponse<Stream<String>> open(String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/metrics/stream")).header("Accept", "text/event-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.GET().build(), BodyHandlers.ofLines());
  }

  private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(b.build(), BodyHandlers.ofString());
  }
}
