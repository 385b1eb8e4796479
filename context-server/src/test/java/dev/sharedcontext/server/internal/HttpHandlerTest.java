package dev.sharedcontext.server.internal;

import static dev.sharedcontext.server.internal.Fixtures.request;
import static dev.sharedcontext.server.internal.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.server.ServerOptions;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHandlerTest {
  ServerRuntime rt;
  EmbeddedChannel ch;

  @BeforeEach
  void setUp() {
    rt = Fixtures.runtime(ServerOptions.builder().corsOrigins(List.of("http://localhost")).build());
    ch = new EmbeddedChannel(new HttpHandler(rt, null));
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
    rt.close();
    rt.store.close();
  }

  Fixtures.Response send(FullHttpRequest req) {
    ch.writeInbound(req);
    return response(ch);
  }

  @Test
  void putGetAndConditionalGet() {
    Fixtures.Response put = send(request(HttpMethod.PUT, "/context/p1", "{\"context\": {\"a\": 1}}"));
    assertThat(put.status()).isEqualTo(201);
    assertThat(put.headers().get("ETag")).isEqualTo("\"1\"");
    Fixtures.Response get = send(request(HttpMethod.GET, "/context/p1", null));
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().get("context").get("a").asInt()).isEqualTo(1);
    assertThat(get.headers().get("Content-Type")).startsWith("application/json");
    Fixtures.Response again = send(request(HttpMethod.GET, "/context/p1", null));
    assertThat(again.body()).isEqualTo(get.body());
    assertThat(rt.metrics.cacheHits.sum()).isEqualTo(1);
    assertThat(send(request(HttpMethod.GET, "/context/p1", null, "If-None-Match", "\"1\"")).status()).isEqualTo(304);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void errorsAreJsonWithTheProtocolFields() {
    Fixtures.Response bad = send(request(HttpMethod.GET, "/context/bad%20id", null));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asText()).isEqualTo("INVALID_INPUT");
    assertThat(bad.json().get("statusCode").asInt()).isEqualTo(400);
    assertThat(bad.json().has("timestamp")).isTrue();
    assertThat(send(request(HttpMethod.GET, "/context/none", null)).status()).isEqualTo(404);
    Fixtures.Response method = send(request(HttpMethod.POST, "/context/none", "{}"));
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.headers().get("Allow")).isEqualTo("GET, PUT, DELETE, OPTIONS");
    assertThat(rt.metrics.clientErrors.sum()).isEqualTo(3);
    assertThat(rt.metrics.serverErrors.sum()).isZero();
  }

  @Test
  void eachCommitCountsOnceWithOrWithoutPreconditions() {
    send(request(HttpMethod.PUT, "/context/m1", "{\"context\": {\"a\": 1}}"));
    send(request(HttpMethod.PUT, "/context/m1", "{\"context\": {\"a\": 2}}", "If-Match", "\"1\""));
    send(request(HttpMethod.POST, "/context/m1/diff", "[{\"op\": \"replace\", \"path\": \"/a\", \"value\": 3}]",
        "If-Match", "\"2\""));
    assertThat(send(request(HttpMethod.POST, "/context/m1/rollback", "{\"toVersion\": 1}", "If-Match", "\"3\""))
        .status()).isEqualTo(200);
    assertThat(send(request(HttpMethod.POST, "/context/m1/rollback", "{\"toVersion\": 2}")).status()).isEqualTo(200);
    assertThat(rt.metrics.commits.sum()).isEqualTo(5);
  }

  @Test
  void aRequestTheDecoderRejectedGets431AndTheConnectionCloses() {
    FullHttpRequest req = request(HttpMethod.GET, "/bad-request", null);
    req.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("too long")));
    Fixtures.Response r = send(req);
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.headers().get("Connection")).isEqualTo("close");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void connectionCloseIsHonoured() {
    Fixtures.Response r = send(request(HttpMethod.GET, "/health", null, "Connection", "close"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void drainingAnswers503OnHealthAndClosesAfterEachResponse() {
    rt.startDraining();
    Fixtures.Response r = send(request(HttpMethod.GET, "/health", null));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().get("status").asText()).isEqualTo("draining");
    assertThat(r.headers().get("Connection")).isEqualTo("close");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void corsPreflightAndForbiddenOrigins() {
    Fixtures.Response pre = send(request(HttpMethod.OPTIONS, "/context/p1", null, "Origin", "http://localhost:3000"));
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
    assertThat(pre.headers().get("Access-Control-Allow-Headers")).contains("Authorization");
    Fixtures.Response evil = send(request(HttpMethod.GET, "/health", null, "Origin", "http://127.0.0.1:3000"));
    assertThat(evil.status()).isEqualTo(403);
    assertThat(evil.headers().get("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void metricsAsJsonAndPrometheus() {
    send(request(HttpMethod.GET, "/health", null));
    Fixtures.Response json = send(request(HttpMethod.GET, "/metrics", null));
    assertThat(json.json().get("totalRequests").asLong()).isEqualTo(2);
    Fixtures.Response prom = send(request(HttpMethod.GET, "/metrics", null, "Accept", "text/plain"));
    assertThat(prom.headers().get("Content-Type")).startsWith("text/plain");
    assertThat(prom.body()).contains("sharedcontext_http_requests_total 3.0");
  }
}
