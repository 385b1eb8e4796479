package dev.sharedcontext.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import com.github.luben.zstd.ZstdOutputStream;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.LimitExceededException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decompression bombs, corrupt and truncated input: typed errors, never an OutOfMemoryError. */
class CodecBadInputTest {
  private static final long GIB = 1L << 30;

  /** {@code size} zero bytes compressed with {@code codec}, written streaming: 1 GiB is never held. */
  static byte[] zeros(Codec codec, long size) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compressor(codec, bytes)) {
      byte[] chunk = new byte[1 << 20];
      for (long written = 0; written < size; written += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
    return bytes.toByteArray();
  }

  private static OutputStream compressor(Codec codec, OutputStream out) throws IOException {
    return switch (codec) {
      // level 1: zeros reach deflate's ~1000:1 ratio at any level, and level 1 builds the bomb fastest
      case GZIP -> new GZIPOutputStream(out, 1 << 16) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
      case DEFLATE -> new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED), 1 << 16);
      case ZSTD -> new ZstdOutputStream(out, 1);
      case NONE -> throw new IllegalArgumentException("not a compression");
    };
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void aGibibyteOfZerosIsRefusedAtTheLimit(Codec codec) throws IOException {
    byte[] bomb = zeros(codec, GIB);
    assertThat(bomb.length).as("the bomb inflates at least 128-fold").isLessThan(8 << 20);
    long limit = CompressionPolicy.DEFAULT_MAX_DECODED_BYTES;
    assertTimeout(Duration.ofSeconds(30), () ->
        assertThatThrownBy(() -> codec.decode(bomb, limit))
            .isInstanceOf(LimitExceededException.class)
            .hasMessageContaining("maxDecodedBytes (" + limit + ")")
            .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(limit)));
    // A small limit stops it at once, and what the decoder allocated is bounded by the limit
    // (plus its chunk and buffers), not by the 1 GiB the input inflates to.
    long before = allocatedBytes();
    assertThat(before).as("per-thread allocation counter supported").isPositive();
    assertThatThrownBy(() -> codec.decode(bomb, 1 << 20)).isInstanceOf(LimitExceededException.class);
    assertThat(allocatedBytes() - before).as("bytes allocated decoding with a 1 MiB limit").isLessThan(16L << 20);
  }

  /** Heap bytes allocated so far by this thread (HotSpot's per-thread counter). */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void exactlyTheLimitIsAllowed(Codec codec) throws IOException {
    byte[] compressed = zeros(codec, 5_000_000);
    assertThat(codec.decode(compressed, 5_000_000)).hasSize(5_000_000).containsOnly(0);
    assertThatThrownBy(() -> codec.decode(compressed, 4_999_999)).isInstanceOf(LimitExceededException.class);
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void garbageIsInvalidInput(Codec codec) {
    byte[] garbage = new byte[1000];
    new Random(5).nextBytes(garbage);
    assertThatThrownBy(() -> codec.decode(garbage, 1 << 20))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(codec.contentEncoding() + ":");
    byte[] text = "definitely not compressed".getBytes();
    assertThatThrownBy(() -> codec.decode(text, 1 << 20)).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void truncatedInputIsInvalid(Codec codec) {
    byte[] encoded = codec.encode(CodecTest.text(100_000));
    for (int cut : new int[] {1, 2, encoded.length / 2, encoded.length - 1}) {
      byte[] truncated = Arrays.copyOf(encoded, cut);
      assertThatThrownBy(() -> codec.decode(truncated, 1 << 20)).as("cut at %d of %d", cut, encoded.length)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(codec.contentEncoding());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Codec.class, names = {"GZIP", "DEFLATE", "ZSTD"})
  void aCorruptedChecksumOrBodyIsInvalid(Codec codec) {
    byte[] encoded = codec.encode(CodecTest.text(100_000));
    // the last bytes are each format's checksum of the content (CRC-32 + size, Adler-32, XXH64 part)
    byte[] badTail = encoded.clone();
    badTail[badTail.length - 5] ^= 0x55;
    assertThatThrownBy(() -> codec.decode(badTail, 1 << 20)).isInstanceOf(InvalidInputException.class);
    byte[] badBody = encoded.clone();
    for (int i = encoded.length / 3; i < encoded.length / 3 + 16; i++) {
      badBody[i] ^= (byte) 0xA5;
    }
    assertThatThrownBy(() -> codec.decode(badBody, 1 << 20)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void deflateRejectsTrailingBytesAndRawDeflate() {
    byte[] zlib = Codec.DEFLATE.encode("payload".getBytes());
    assertThatThrownBy(() -> Codec.DEFLATE.decode(CodecTest.concat(zlib, new byte[] {1, 2, 3}), 100))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("3 trailing bytes");
    // RFC 1951 without the zlib wrapper is not what HTTP's "deflate" means
    Deflater raw = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    raw.setInput("payload".getBytes());
    raw.finish();
    byte[] buf = new byte[100];
    int n = raw.deflate(buf);
    raw.end();
    assertThatThrownBy(() -> Codec.DEFLATE.decode(Arrays.copyOf(buf, n), 100)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void zstdRefusesWindowsAboveEightMebibytes() throws IOException {
    // A streamed frame (no content size) with a 128 MiB window: RFC 9659 lets a decoder refuse
    // it, and we do rather than allocate the window.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZstdOutputStream out = new ZstdOutputStream(bytes, 3)) {
      out.setLong(27);
      out.write("small payload, huge window".getBytes());
    }
    assertThatThrownBy(() -> Codec.ZSTD.decode(bytes.toByteArray(), 1 << 20)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("too much memory");
    // ...while an 8 MiB window is fine
    ByteArrayOutputStream ok = new ByteArrayOutputStream();
    try (ZstdOutputStream out = new ZstdOutputStream(ok, 3)) {
      out.setLong(23);
      out.write("small payload, 8 MiB window".getBytes());
    }
    assertThat(new String(Codec.ZSTD.decode(ok.toByteArray(), 1 << 20))).isEqualTo("small payload, 8 MiB window");
  }
}
