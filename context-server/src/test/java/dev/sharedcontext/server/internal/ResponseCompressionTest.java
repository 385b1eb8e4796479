package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.codec.CompressionPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseCompressionTest {
  private final ServerMetrics metrics = new ServerMetrics();
  private final ResponseCompression compression = new ResponseCompression(CompressionPolicy.DEFAULTS, metrics);
  private static final byte[] BIG = ("{\"text\":\"" + "abcdefgh ".repeat(400) + "\"}").getBytes(StandardCharsets.UTF_8);

  private Codec negotiate(String uri, String acceptEncoding) {
    return acceptEncoding == null
        ? compression.negotiate(Fixtures.request(HttpMethod.GET, uri, null))
        : compression.negotiate(Fixtures.request(HttpMethod.GET, uri, null, "Accept-Encoding", acceptEncoding));
  }

  @Test
  void negotiation() {
    assertThat(negotiate("/context/p", null)).isEqualTo(Codec.NONE);
    assertThat(negotiate("/context/p", "gzip, deflate, zstd")).isEqualTo(Codec.ZSTD);
    assertThat(negotiate("/context/p", "deflate;q=0.9, gzip")).isEqualTo(Codec.GZIP);
    assertThat(negotiate("/context/p", "*")).isEqualTo(Codec.ZSTD);
    assertThat(negotiate("/context/p", "identity")).isEqualTo(Codec.NONE);
    assertThat(negotiate("/context/p?compress=true", null)).isEqualTo(Codec.DEFLATE);
    assertThat(negotiate("/context/p?compress=TRUE", "zstd")).isEqualTo(Codec.DEFLATE);
    assertThat(negotiate("/context/p?compress=false", "zstd")).isEqualTo(Codec.NONE);
    assertThat(negotiate("/context/p?nocompress=true", "gzip")).isEqualTo(Codec.GZIP);
    assertThatThrownBy(() -> negotiate("/context/p?compress=yes", null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> negotiate("/context/p?compress=true&compress=false", null))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aLargeJsonAnswerIsCompressedAndItsTagWeakened() {
    HttpResult r = compression.apply(HttpResult.ok(BIG).etag(3), Codec.GZIP);
    assertThat(r.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    assertThat(r.headers().get(HttpHeaderNames.ETAG)).isEqualTo("W/\"3\"");
    assertThat(r.headers().get(HttpHeaderNames.VARY)).isEqualToIgnoringCase("accept-encoding");
    assertThat(Codec.GZIP.decode(r.body(), 1 << 20)).isEqualTo(BIG);
    assertThat(metrics.bytesBeforeCompression.sum()).isEqualTo(BIG.length);
    assertThat(metrics.bytesAfterCompression.sum()).isEqualTo(r.body().length);
  }

  @Test
  void smallTextlessOrAlreadyEncodedAnswersAreLeftAlone() {
    byte[] small = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    HttpResult r = compression.apply(HttpResult.ok(small).etag(1), Codec.ZSTD);
    assertThat(r.body()).isSameAs(small);
    assertThat(r.headers().get(HttpHeaderNames.ETAG)).isEqualTo("\"1\"");
    assertThat(r.headers().contains(HttpHeaderNames.VARY)).isTrue();
    HttpResult png = compression.apply(HttpResult.text(BIG, "image/png"), Codec.ZSTD);
    assertThat(png.body()).isSameAs(BIG);
    HttpResult pre = HttpResult.ok(BIG).header(HttpHeaderNames.CONTENT_ENCODING, "br");
    assertThat(compression.apply(pre, Codec.GZIP).body()).isSameAs(BIG);
  }

  @Test
  void aCachedFormIsUsedWhenThereIsOne() {
    byte[] cached = Codec.ZSTD.encode(BIG);
    HttpResult r = compression.apply(HttpResult.ok(BIG).encodedBy(c -> cached), Codec.ZSTD);
    assertThat(r.body()).isSameAs(cached);
  }

  @Test
  void theTagOfA304FollowsTheFullAnswer() {
    assertThat(compression.etag(4, 5000, Codec.GZIP)).isEqualTo("W/\"4\"");
    assertThat(compression.etag(4, 5000, Codec.NONE)).isEqualTo("\"4\"");
    assertThat(compression.etag(4, 100, Codec.GZIP)).isEqualTo("\"4\"");
    HttpResult notModified = compression.apply(HttpResult.empty(304), Codec.GZIP);
    assertThat(notModified.headers().get(HttpHeaderNames.VARY)).isEqualToIgnoringCase("accept-encoding");
  }
}
