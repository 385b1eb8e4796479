package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.server.it.Http.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile input: every case gets a 4xx JSON error (or a WebSocket error message, or a closed
 * connection for broken framing), never a 5xx; after each case a well-behaved client is still
 * served and the server has answered no 5xx at all.
 */
class HostileInputIT {
  static final int MAX_BODY = 64 * 1024;
  static final int MAX_FRAME = 16 * 1024;
  static SharedContextServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = Servers.start(Servers.testOptions()
        .maxBodyBytes(MAX_BODY)
        .maxFrameBytes(MAX_FRAME)
        .requestTimeout(Duration.ofMillis(800))
        .pingInterval(Duration.ofMillis(300))
        .build());
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void aWellBehavedClientIsStillServed() {
    assertThat(http.put("/context/good", "{\"context\": {\"ok\": true}}").status()).isIn(200, 201);
    assertThat(http.get("/context/good").json().get("context").get("ok").asBoolean()).isTrue();
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/good/stream"))) {
      assertThat(ws.next().get("type").asText()).isEqualTo("context_snapshot");
      ws.send("{\"type\": \"ping\"}");
      assertThat(ws.next().get("type").asText()).isEqualTo("pong");
    }
    assertThat(http.get("/metrics").json().get("serverErrors").asLong()).as("no 5xx ever").isZero();
  }

  static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode e = r.json();
    assertThat(e.get("code").asText()).isEqualTo(code);
    assertThat(e.get("statusCode").asInt()).isEqualTo(status);
    assertThat(e.get("error").asText()).isNotBlank();
    assertThat(e.get("timestamp").asText()).isNotBlank();
  }

  @ParameterizedTest(name = "PUT {0}")
  @CsvSource(delimiter = '|', value = {
      "{not json                                   | 400 | INVALID_INPUT",
      "''                                          | 400 | INVALID_INPUT",
      "null                                        | 400 | INVALID_INPUT",
      "[1,2,3]                                     | 400 | INVALID_INPUT",
      "{\"context\": null}                         | 400 | INVALID_INPUT",
      "{\"ctx\": {}}                               | 400 | INVALID_INPUT",
      "{\"context\": {}, \"agentId\": 5}           | 400 | INVALID_INPUT",
      "{\"context\": {\"a\": 1, \"a\": 2}}         | 400 | INVALID_INPUT",
      "{\"context\": {\"big\": 123456789012345678}} | 400 | INVALID_INPUT",
      "{\"context\": {\"x\": NaN}}                 | 400 | INVALID_INPUT",
      "{\"context\": {}} trailing                  | 400 | INVALID_INPUT",
      "{\"context\": \"\\ud800\"}                  | 400 | INVALID_INPUT",
  })
  void malformedAndMistypedPutBodies(String body, int status, String code) {
    assertError(http.put("/context/hostile-put", body), status, code);
  }

  @ParameterizedTest(name = "POST diff {0}")
  @CsvSource(delimiter = '|', value = {
      "{\"patch\": \"x\"}                                                   | 400 | INVALID_INPUT",
      "{\"patch\": [{\"op\": \"jump\", \"path\": \"/a\"}]}                  | 400 | INVALID_PATCH",
      "{\"patch\": [{\"op\": \"add\", \"path\": \"a\", \"value\": 1}]}      | 400 | INVALID_PATCH",
      "{\"patch\": [{\"op\": \"add\", \"path\": \"/a\"}]}                   | 400 | INVALID_PATCH",
      "{\"patch\": [], \"baseVersion\": \"1\"}                              | 400 | INVALID_INPUT",
      "{\"patch\": [], \"baseVersion\": -4}                                 | 400 | INVALID_INPUT",
      "{\"patch\": [], \"baseVersion\": 1.5}                                | 400 | INVALID_INPUT",
      "{\"something\": 1}                                                   | 400 | INVALID_INPUT",
      "[{\"op\": \"remove\", \"path\": \"/missing\"}]                       | 422 | PATCH_FAILED",
      "{\"added\": 5, \"modified\": {}, \"removed\": [], \"unchanged\": []} | 400 | INVALID_PATCH",
  })
  void malformedAndMistypedDiffs(String body, int status, String code) {
    assertError(http.post("/context/hostile-diff/diff", body), status, code);
  }

  @Test
  void deepNestingIsRefusedWithTheLimit() {
    String deep = "[".repeat(200) + "]".repeat(200);
    Response r = http.put("/context/hostile-deep", "{\"context\": " + deep + "}");
    assertError(r, 413, "TOO_LARGE");
    assertThat(r.json().get("limit").asInt()).isEqualTo(64);
  }

  @ParameterizedTest(name = "GET {0}")
  @CsvSource(delimiter = '|', value = {
      "/context/a%20b                        | 400 | INVALID_INPUT",
      "/context/a%2Fb                        | 400 | INVALID_INPUT",
      "/context/%C3%A9t%C3%A9                | 400 | INVALID_INPUT",
      "/context/ok?version=abc               | 400 | INVALID_INPUT",
      "/context/ok?version=0                 | 400 | INVALID_INPUT",
      "/context/ok?version=99999999999999999999 | 400 | INVALID_INPUT",
      "/context/ok?since=-1                  | 400 | INVALID_INPUT",
      "/context/ok?version=1&version=2       | 400 | INVALID_INPUT",
      "/context/ok/versions?limit=x          | 400 | INVALID_INPUT",
      "/context                              | 404 | NOT_FOUND",
      "/context/ok/a/b/c                     | 404 | NOT_FOUND",
  })
  void badIdsAndQueries(String path, int status, String code) {
    assertError(http.get(path), status, code);
  }

  @Test
  void rawRequestLevelGarbage() {
    try (RawSocket s = new RawSocket(server.port())) {
      RawSocket.Response r = s.send("GET /context/%zz HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(400);
    }
    try (RawSocket s = new RawSocket(server.port())) {
      RawSocket.Response r = s.send("BREW /context/pot HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(405);
    }
    try (RawSocket s = new RawSocket(server.port())) {
      RawSocket.Response r = s.send("HELLO WORLD\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("\"code\"");
      assertThat(s.closedWithin(2000)).isTrue();
    }
    try (RawSocket s = new RawSocket(server.port())) {
      byte[] junk = new byte[20_000];
      new java.util.Random(1).nextBytes(junk);
      s.send(junk);
      assertThat(s.closedWithin(3000)).isTrue();
    }
    try (RawSocket s = new RawSocket(server.port())) {
      RawSocket.Response r = s.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(414);
    }
    try (RawSocket s = new RawSocket(server.port())) {
      RawSocket.Response r = s.send("GET /health HTTP/1.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(431);
    }
  }

  @Test
  void oversizeBodiesAreRefusedWhileReading() {
    try (RawSocket s = new RawSocket(server.port())) {
      // Refused by Content-Length before a single body byte is sent.
      RawSocket.Response r = s.send("PUT /context/big HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body()).contains("TOO_LARGE").contains("\"limit\":" + MAX_BODY);
    }
    try (RawSocket s = new RawSocket(server.port())) {
      // Chunked: refused once the bytes so far pass the limit.
      s.send("PUT /context/big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = Integer.toHexString(8192) + "\r\n" + "x".repeat(8192) + "\r\n";
      for (int i = 0; i < 9; i++) {
        s.send(chunk);
      }
      assertThat(s.readResponse().status()).isEqualTo(413);
    }
    Response viaClient = http.put("/context/big", "{\"context\": \"" + "y".repeat(MAX_BODY) + "\"}");
    assertThat(viaClient.status()).isEqualTo(413);
  }

  @Test
  void compressedBodies() throws IOException {
    Response unknown = http.send(http.builder("/context/enc", "Content-Encoding", "br", "Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"context\": {}}")));
    assertError(unknown, 415, "UNSUPPORTED_MEDIA_TYPE");
    Response garbage = http.send(http.builder("/context/enc", "Content-Encoding", "gzip")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3, 4, 5})));
    assertThat(garbage.status()).isEqualTo(400);
    byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(MAX_BODY);
    Response bombed = http.send(http.builder("/context/enc", "Content-Encoding", "gzip")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bomb)));
    assertError(bombed, 413, "TOO_LARGE");
    Response fine = http.send(http.builder("/context/enc", "Content-Encoding", "gzip")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(gzip("{\"context\": {\"z\": 1}}".getBytes(StandardCharsets.UTF_8)))));
    assertThat(fine.status()).isEqualTo(201);
  }

  @Test
  void slowLorisHeadersAreCutOff() {
    try (RawSocket s = new RawSocket(server.port())) {
      s.send("GET /health HTTP/1.1\r\n");
      long start = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          s.send("X-Slow-" + i + ": a\r\n");
        } catch (UncheckedIOException e) {
          closed = true; // broken pipe: the server hung up
          break;
        }
        closed = s.closedWithin(100);
      }
      assertThat(closed).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void halfOpenAndSilentConnectionsAreClosed() {
    try (RawSocket silent = new RawSocket(server.port())) {
      assertThat(silent.closedWithin(4000)).isTrue();
    }
    try (RawSocket half = new RawSocket(server.port())) {
      half.send("POST /context/x/diff HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"pa");
      half.shutdownOutput();
      assertThat(half.closedWithin(4000)).isTrue();
    }
    try (RawSocket deadPeer = new RawSocket(server.port())) {
      assertThat(deadPeer.upgrade("/context/dead/stream").status()).isEqualTo(101);
      assertThat(deadPeer.closedWithin(5000)).as("a WebSocket that never answers pings").isTrue();
    }
  }

  @Test
  void pipelinedFloodWithoutReadingIsThrottledAndDropped() throws Exception {
    try (RawSocket s = new RawSocket(server.port(), 4096)) {
      Thread flood = new Thread(() -> {
        String req = "GET /context/good HTTP/1.1\r\nHost: x\r\n\r\n".repeat(200);
        try {
          for (int i = 0; i < 200; i++) {
            s.send(req);
          }
        } catch (UncheckedIOException e) {
          // the server closed the connection: what we wanted
        }
      });
      flood.start();
      flood.join(20_000);
      assertThat(s.closedWithin(10_000)).isTrue();
    }
  }

  @Test
  void brokenWebSocketFraming() {
    try (RawSocket s = new RawSocket(server.port())) {
      assertThat(s.upgrade("/context/frames/stream").status()).isEqualTo(101);
      s.frame(0x1, new byte[] {(byte) 0xC3, 0x28}, true); // invalid UTF-8
      RawSocket.Frame error = s.readFrame();
      assertThat(error.text()).contains("\"type\":\"error\"");
      RawSocket.Frame close = s.readFrame();
      assertThat(close.opcode()).isEqualTo(0x8);
      assertThat(close.closeCode()).isEqualTo(1007);
    }
    try (RawSocket s = new RawSocket(server.port())) {
      assertThat(s.upgrade("/context/frames/stream").status()).isEqualTo(101);
      s.frame(0x1, new byte[MAX_FRAME + 1], true);
      assertThat(s.readFrame().text()).contains("TOO_LARGE").contains("\"limit\":" + MAX_FRAME);
      assertThat(s.readFrame().closeCode()).isEqualTo(1009);
    }
    try (RawSocket s = new RawSocket(server.port())) {
      assertThat(s.upgrade("/context/frames/stream").status()).isEqualTo(101);
      // A fragmented message past the limit: refused, the connection lives on.
      s.frame(0x1, "{\"type\": \"ping\", \"pad\": \"".concat("p".repeat(10_000)).getBytes(StandardCharsets.UTF_8), false);
      s.frame(0x0, "q".repeat(10_000).getBytes(StandardCharsets.UTF_8), false);
      s.frame(0x0, "\"}".getBytes(StandardCharsets.UTF_8), true);
      assertThat(s.readFrame().text()).contains("TOO_LARGE");
      s.frame(0x1, "{\"type\": \"ping\"}".getBytes(StandardCharsets.UTF_8), true);
      assertThat(s.readFrame().text()).isEqualTo("{\"type\":\"pong\"}");
      s.frame(0x2, new byte[] {0, 1, 2}, true); // binary
      assertThat(s.readFrame().text()).contains("binary");
      s.frame(0x1, "{\"type\": 42}".getBytes(StandardCharsets.UTF_8), true);
      assertThat(s.readFrame().text()).contains("INVALID_INPUT");
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
