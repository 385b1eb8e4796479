package dev.sharedcontext.core.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * Implementation behind {@link Codec}.
 *
 * <p>Levels: gzip and deflate at zlib's default (6), zstd at its default (3). An empty input
 * decodes to an empty output for every codec, since a body-less message may still carry a
 * {@code Content-Encoding}. Decoding reads through a {@link BoundedOutput}, so memory is bounded
 * by the limit (plus one chunk), whatever the input claims.
 */
final class Codecs {
  /** Bytes decoded per step; also how far past the limit one step can read before it throws. */
  private static final int CHUNK = 64 * 1024;

  /**
   * zstd's largest accepted window, as log2: 8 MiB, the bound RFC 9659 sets for zstd as an HTTP
   * content coding. Without it libzstd would allocate up to 128 MiB of window for a frame that
   * merely asks for it. Our own encoder's default level uses a 2 MiB window.
   */
  private static final int ZSTD_WINDOW_LOG_MAX = 23;

  private Codecs() {}

  static byte[] encode(Codec codec, byte[] data) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(data, "data");
    return switch (codec) {
      case NONE -> data;
      case GZIP -> gzip(data);
      case DEFLATE -> deflate(data);
      case ZSTD -> Zstd.compress(data, Zstd.defaultCompressionLevel());
    };
  }

  static byte[] decode(Codec codec, byte[] data, long maxDecodedBytes) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(data, "data");
    if (maxDecodedBytes < 0) {
      throw new IllegalArgumentException("maxDecodedBytes must not be negative: " + maxDecodedBytes);
    }
    if (data.length == 0) {
      return data;
    }
    if (codec == Codec.NONE) {
      if (data.length > maxDecodedBytes) {
        throw LimitExceededException.tooLarge(BoundedOutput.LIMIT_NAME, maxDecodedBytes, "identity content");
      }
      return data;
    }
    BoundedOutput out = new BoundedOutput(codec, maxDecodedBytes, data.length);
    switch (codec) {
      case GZIP -> gunzip(data, out);
      case DEFLATE -> inflate(data, out);
      case ZSTD -> unzstd(data, out);
      default -> throw new IllegalStateException("unknown codec " + codec);
    }
    return out.toByteArray();
  }

  static Optional<Codec> forContentEncoding(String token) {
    Objects.requireNonNull(token, "token");
    return switch (token.trim().toLowerCase(Locale.ROOT)) {
      case "identity" -> Optional.of(Codec.NONE);
      case "gzip", "x-gzip" -> Optional.of(Codec.GZIP); // x-gzip: RFC 9110 §8.4.1.3
      case "deflate" -> Optional.of(Codec.DEFLATE);
      case "zstd" -> Optional.of(Codec.ZSTD);
      default -> Optional.empty();
    };
  }

  static Codec negotiate(String acceptEncoding, List<Codec> offered) {
    return AcceptEncoding.parse(acceptEncoding).best(offered);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 4 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(bytes, CHUNK)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION); // zlib wrapper (RFC 1950)
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
      byte[] buf = new byte[CHUNK];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end(); // frees native memory now rather than at finalization
    }
  }

  private static void gunzip(byte[] data, BoundedOutput out) {
    // GZIPInputStream reads concatenated members, as RFC 1952 allows; it ignores trailing
    // bytes that do not start another member.
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), CHUNK)) {
      out.readFrom(in);
    } catch (IOException e) {
      throw invalid(Codec.GZIP, e);
    }
  }

  private static void unzstd(byte[] data, BoundedOutput out) {
    try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(data))) {
      in.setLongMax(ZSTD_WINDOW_LOG_MAX);
      out.readFrom(in);
    } catch (IOException | ZstdException e) {
      throw invalid(Codec.ZSTD, e);
    }
  }

  private static void inflate(byte[] data, BoundedOutput out) {
    // A loop over Inflater rather than InflaterInputStream: it tells truncation and trailing
    // garbage apart, both of which the stream would pass over or report vaguely.
    Inflater inflater = new Inflater(); // zlib wrapper (RFC 1950), as HTTP's "deflate" means
    try {
      inflater.setInput(data);
      byte[] buf = new byte[CHUNK];
      while (true) {
        int n = inflater.inflate(buf);
        out.write(buf, 0, n);
        if (inflater.finished()) {
          break;
        }
        if (n == 0) {
          // With all the input given at once, zlib stops short of the end only for these.
          if (inflater.needsDictionary()) {
            throw new InvalidInputException("deflate: the stream needs a preset dictionary, which is not supported");
          }
          throw new InvalidInputException("deflate: truncated input (the zlib stream does not end)");
        }
      }
      if (inflater.getRemaining() > 0) {
        throw new InvalidInputException("deflate: " + inflater.getRemaining()
            + " trailing bytes after the end of the zlib stream");
      }
    } catch (DataFormatException e) {
      throw new InvalidInputException("deflate: corrupt input (" + e.getMessage() + ")", e);
    } finally {
      inflater.end();
    }
  }

  private static InvalidInputException invalid(Codec codec, Exception e) {
    return new InvalidInputException(codec.contentEncoding() + ": corrupt or truncated input ("
        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
  }
}
