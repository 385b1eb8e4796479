package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.server.it.Http.Raw;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compressed HTTP answers on a real socket: each coding, the threshold, the legacy flag, ETags, the counts. */
class CompressionIT {
  static SharedContextServer server;
  static Http http;
  static final String BIG = "{\"context\": {\"text\": \"" + "all work and no play makes jack a dull boy\\n".repeat(500)
      + "\"}}";

  @BeforeAll
  static void start() {
    server = Servers.start(Servers.testOptions().maxBodyBytes(256 * 1024).build());
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode decode(Raw r) {
    String coding = r.header("Content-Encoding");
    byte[] body = coding == null ? r.body() : Codec.forContentEncoding(coding).orElseThrow().decode(r.body(), 1 << 24);
    return parse(body);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Http.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyCodingDecodesToTheSameSnapshot() {
    http.put("/context/gz-each", BIG);
    Raw plain = http.getRaw("/context/gz-each");
    assertThat(plain.header("Content-Encoding")).isNull();
    assertThat(plain.header("ETag")).isEqualTo("\"1\"");
    assertThat(plain.header("Vary")).isEqualToIgnoringCase("Accept-Encoding");
    for (Codec codec : new Codec[] {Codec.GZIP, Codec.DEFLATE, Codec.ZSTD}) {
      Raw r = http.getRaw("/context/gz-each", "Accept-Encoding", codec.contentEncoding());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Encoding")).isEqualTo(codec.contentEncoding());
      assertThat(r.header("Vary")).isEqualToIgnoringCase("Accept-Encoding");
      assertThat(r.header("ETag")).as("another representation of version 1").isEqualTo("W/\"1\"");
      assertThat(r.body().length).isLessThan(plain.body().length / 10);
      assertThat(decode(r)).isEqualTo(decode(plain));
    }
  }

  @Test
  void preferenceAndWeightsChooseTheCoding() {
    http.put("/context/gz-pref", BIG);
    assertThat(http.getRaw("/context/gz-pref", "Accept-Encoding", "gzip, deflate, zstd").header("Content-Encoding"))
        .as("the policy's preference on equal weights").isEqualTo("zstd");
    assertThat(http.getRaw("/context/gz-pref", "Accept-Encoding", "zstd;q=0.5, gzip").header("Content-Encoding"))
        .isEqualTo("gzip");
    assertThat(http.getRaw("/context/gz-pref", "Accept-Encoding", "br").header("Content-Encoding")).isNull();
    assertThat(http.getRaw("/context/gz-pref", "Accept-Encoding", "gzip;q=0, identity").header("Content-Encoding"))
        .isNull();
  }

  @Test
  void answersBelowTheThresholdAreSentAsTheyAre() {
    http.put("/context/gz-small", "{\"context\": {\"a\": 1}}");
    Raw r = http.getRaw("/context/gz-small", "Accept-Encoding", "gzip");
    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("ETag")).isEqualTo("\"1\"");
    assertThat(r.body().length).isLessThan(1024);
    assertThat(decode(r).get("context").get("a").asInt()).isEqualTo(1);
  }

  @Test
  void theLegacyFlagMeansDeflate() {
    http.put("/context/gz-flag", BIG);
    Raw r = http.getRaw("/context/gz-flag?compress=true");
    assertThat(r.header("Content-Encoding")).isEqualTo("deflate");
    assertThat(decode(r).get("version").asLong()).isEqualTo(1);
    assertThat(http.getRaw("/context/gz-flag?compress=false", "Accept-Encoding", "gzip").header("Content-Encoding"))
        .isNull();
    Raw bad = http.getRaw("/context/gz-flag?compress=maybe");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(decode(bad).get("code").asText()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void notModifiedCarriesTheTagTheFullAnswerWould() {
    http.put("/context/gz-304", BIG);
    Raw gz = http.getRaw("/context/gz-304", "Accept-Encoding", "gzip", "If-None-Match", "W/\"1\"");
    assertThat(gz.status()).isEqualTo(304);
    assertThat(gz.header("ETag")).isEqualTo("W/\"1\"");
    assertThat(gz.header("Vary")).isEqualToIgnoringCase("Accept-Encoding");
    Raw plain = http.getRaw("/context/gz-304", "If-None-Match", "\"1\"");
    assertThat(plain.status()).isEqualTo(304);
    assertThat(plain.header("ETag")).isEqualTo("\"1\"");
    assertThat(http.getRaw("/context/gz-304", "Accept-Encoding", "gzip", "If-None-Match", "\"1\"").status())
        .as("If-None-Match compares weakly").isEqualTo(304);
  }

  @Test
  void aSnapshotIsCompressedOncePerVersionAndCoding() {
    http.put("/context/gz-once", BIG);
    Raw first = http.getRaw("/context/gz-once", "Accept-Encoding", "gzip");
    long hits = metrics().get("cacheHits").asLong();
    Raw second = http.getRaw("/context/gz-once", "Accept-Encoding", "gzip");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(metrics().get("cacheHits").asLong()).isEqualTo(hits + 1);
  }

  @Test
  void deltasAreCompressedToo() {
    http.put("/context/gz-since", "{\"context\": {\"a\": 1}}");
    http.put("/context/gz-since", BIG);
    Raw r = http.getRaw("/context/gz-since?since=1", "Accept-Encoding", "gzip");
    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(decode(r).get("currentVersion").asLong()).isEqualTo(2);
  }

  @Test
  void compressionFiguresAreTheBytesActuallySent() {
    http.put("/context/gz-count", BIG);
    Raw first = http.getRaw("/metrics");
    JsonNode before = parse(first.body());
    Raw plain = http.getRaw("/context/gz-count?compress=false");
    Raw gz = http.getRaw("/context/gz-count", "Accept-Encoding", "gzip");
    JsonNode after = metrics();
    long saved = after.get("compressionSaved").asLong() - before.get("compressionSaved").asLong();
    assertThat(saved).isEqualTo(plain.body().length - gz.body().length);
    assertThat(after.get("compressionRatio").asDouble()).isGreaterThan(1.0);
    long sent = after.get("bytesSent").asLong() - before.get("bytesSent").asLong();
    assertThat(sent).as("the first /metrics body, the plain and the gzip answers")
        .isEqualTo(first.body().length + plain.body().length + gz.body().length);
  }

  @Test
  void compressedRequestBodiesStayBounded() throws IOException {
    byte[] zeros = new byte[4 * 1024 * 1024];
    byte[] bomb = gzip(("{\"context\": {\"a\": \"" + new String(zeros, StandardCharsets.US_ASCII).replace('\0', 'x')
        + "\"}}").getBytes(StandardCharsets.US_ASCII));
    assertThat(bomb.length).isLessThan(64 * 1024);
    Raw r = http.raw(http.builder("/context/gz-bomb", "Content-Type", "application/json", "Content-Encoding", "gzip")
        .PUT(BodyPublishers.ofByteArray(bomb)));
    assertThat(r.status()).isEqualTo(413);
    assertThat(decode(r).get("code").asText()).isEqualTo("TOO_LARGE");

    byte[] fine = gzip("{\"context\": {\"a\": 1}}".getBytes(StandardCharsets.US_ASCII));
    Raw ok = http.raw(http.builder("/context/gz-body", "Content-Type", "application/json", "Content-Encoding", "gzip")
        .PUT(BodyPublishers.ofByteArray(fine)));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ContextDocument.of(decode(http.getRaw("/context/gz-body")).get("context")))
        .isEqualTo(ContextDocument.parse("{\"a\":1}"));
  }

  private static JsonNode metrics() {
    return http.get("/metrics").json();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
