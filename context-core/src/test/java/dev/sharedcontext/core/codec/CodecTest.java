package dev.sharedcontext.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.sharedcontext.core.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {
  private static final int MIB = 1024 * 1024;

  static byte[] text(int size) {
    byte[] line = "{\"path\":\"src/main/java/Example.java\",\"content\":\"public final class Example {}\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = line[i % line.length];
    }
    // a little noise so the text is not one repeated line
    Random random = new Random(1);
    for (int i = 0; i < size / 100; i++) {
      out[random.nextInt(size)] = (byte) ('a' + random.nextInt(26));
    }
    return out;
  }

  static byte[] random(int size) {
    byte[] out = new byte[size];
    new Random(42).nextBytes(out);
    return out;
  }

  static Stream<Arguments> payloads() {
    List<Object[]> sizes = List.of(
        new Object[] {"empty", new byte[0]},
        new Object[] {"one byte", new byte[] {7}},
        new Object[] {"small text", "hello, shared context".getBytes(StandardCharsets.UTF_8)},
        new Object[] {"64 KiB text", text(64 * 1024)},
        new Object[] {"1 MiB text", text(MIB)},
        new Object[] {"1 MiB random", random(MIB)});
    return Stream.of(Codec.values()).flatMap(c -> sizes.stream().map(s -> Arguments.of(c, s[0], s[1])));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("payloads")
  void roundTrips(Codec codec, String what, byte[] data) {
    byte[] encoded = codec.encode(data);
    assertThat(codec.decode(encoded, data.length)).as(what).isEqualTo(data);
    assertThat(codec.decode(encoded, CompressionPolicy.DEFAULT_MAX_DECODED_BYTES)).isEqualTo(data);
    if (data.length > 0) {
      // the limit is inclusive: one byte less fails
      assertThatThrownBy(() -> codec.decode(encoded, data.length - 1))
          .isInstanceOf(LimitExceededException.class)
          .satisfies(e -> {
            LimitExceededException l = (LimitExceededException) e;
            assertThat(l.limitName()).isEqualTo("maxDecodedBytes");
            assertThat(l.limit()).isEqualTo(data.length - 1);
            assertThat(l.code()).isEqualTo("TOO_LARGE");
          });
    }
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void textShrinks(Codec codec) {
    byte[] data = text(MIB);
    assertThat(codec.encode(data).length).isLessThan(data.length / 5);
  }

  @Test
  void noneIsIdentity() {
    byte[] data = {1, 2, 3};
    assertThat(Codec.NONE.encode(data)).isSameAs(data);
    assertThat(Codec.NONE.decode(data, 3)).isSameAs(data);
    assertThatThrownBy(() -> Codec.NONE.decode(data, 2)).isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("maxDecodedBytes (2)");
  }

  @Test
  void theWireFormatsAreTheStandardOnes() throws IOException {
    byte[] data = text(10_000);
    byte[] gzip = Codec.GZIP.encode(data);
    assertThat(gzip[0] & 0xff).isEqualTo(0x1f);
    assertThat(gzip[1] & 0xff).isEqualTo(0x8b);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes()).isEqualTo(data);

    byte[] zlib = Codec.DEFLATE.encode(data);
    assertThat(zlib[0] & 0x0f).as("CM = 8, deflate").isEqualTo(8);
    assertThat(((zlib[0] & 0xff) << 8 | (zlib[1] & 0xff)) % 31).as("zlib header check").isZero();
    assertThat(new InflaterInputStream(new ByteArrayInputStream(zlib)).readAllBytes()).isEqualTo(data);

    byte[] zstd = Codec.ZSTD.encode(data);
    assertThat(Arrays.copyOf(zstd, 4)).isEqualTo(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});
  }

  @Test
  void decodesWhatOtherEncodersWrite() throws IOException {
    byte[] data = text(200_000);
    ByteArrayOutputStream commons = new ByteArrayOutputStream();
    try (OutputStream out = new GzipCompressorOutputStream(commons)) {
      out.write(data);
    }
    assertThat(Codec.GZIP.decode(commons.toByteArray(), data.length)).isEqualTo(data);

    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(zlib)) {
      out.write(data);
    }
    assertThat(Codec.DEFLATE.decode(zlib.toByteArray(), data.length)).isEqualTo(data);

    ByteArrayOutputStream zstd = new ByteArrayOutputStream(); // streamed: no content size in the header
    try (OutputStream out = new ZstdOutputStream(zstd)) {
      out.write(data);
    }
    assertThat(Codec.ZSTD.decode(zstd.toByteArray(), data.length)).isEqualTo(data);
  }

  @Test
  void concatenatedGzipMembersAndZstdFramesDecodeAsOne() {
    byte[] a = "first ".getBytes(StandardCharsets.UTF_8);
    byte[] b = "second".getBytes(StandardCharsets.UTF_8);
    for (Codec codec : List.of(Codec.GZIP, Codec.ZSTD)) {
      byte[] both = concat(codec.encode(a), codec.encode(b));
      assertThat(new String(codec.decode(both, 100), StandardCharsets.UTF_8)).as(codec.name()).isEqualTo("first second");
    }
  }

  @Test
  void negativeLimitsAndNullsAreMisuse() {
    assertThatThrownBy(() -> Codec.GZIP.decode(new byte[0], -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDecodedBytes");
    assertThatThrownBy(() -> Codec.GZIP.decode(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("data");
    assertThatThrownBy(() -> Codec.ZSTD.encode(null)).isInstanceOf(NullPointerException.class).hasMessage("data");
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
