package dev.sharedcontext.core.codec;

import java.util.Optional;

/**
 * A content coding: {@code identity} (none), {@code gzip}, {@code deflate} (zlib, RFC 1950, as
 * HTTP's "deflate" means) and {@code zstd}.
 *
 * <p>Every decoding is bounded: input that would inflate past {@code maxDecodedBytes} fails
 * with a {@link dev.sharedcontext.core.LimitExceededException} ({@code TOO_LARGE}) as soon as
 * the bound is crossed, never with an {@link OutOfMemoryError}. Thread-safe.
 */
public enum Codec {
  NONE("identity"),
  GZIP("gzip"),
  DEFLATE("deflate"),
  ZSTD("zstd");

  private final String contentEncoding;

  Codec(String contentEncoding) {
    this.contentEncoding = contentEncoding;
  }

  /** The HTTP {@code Content-Encoding} token. */
  public String contentEncoding() {
    return contentEncoding;
  }

  /**
   * Compresses {@code data} at this codec's default level (gzip and deflate: zlib's 6; zstd: 3).
   * {@link #NONE} returns {@code data} itself.
   */
  public byte[] encode(byte[] data) {
    return Codecs.encode(this, data);
  }

  /**
   * Decompresses {@code data}. An empty {@code data} decodes to an empty array for every codec
   * (a body-less message may still carry a {@code Content-Encoding}); {@link #NONE} returns
   * {@code data} itself, still subject to the limit. zstd frames asking for a window above
   * 8 MiB are refused, as RFC 9659 allows.
   *
   * @throws dev.sharedcontext.core.LimitExceededException if the output would exceed {@code maxDecodedBytes}
   * @throws dev.sharedcontext.core.InvalidInputException if {@code data} is not valid for this codec
   */
  public byte[] decode(byte[] data, long maxDecodedBytes) {
    return Codecs.decode(this, data, maxDecodedBytes);
  }

  /** The codec for a {@code Content-Encoding} token (case-insensitive), if known. */
  public static Optional<Codec> forContentEncoding(String token) {
    return Codecs.forContentEncoding(token);
  }

  /**
   * The best codec an {@code Accept-Encoding} header allows among {@code offered}, honouring
   * q-values (RFC 9110 §12.5.3); {@link #NONE} when none is acceptable or the header is null.
   */
  public static Codec negotiate(String acceptEncoding, java.util.List<Codec> offered) {
    return Codecs.negotiate(acceptEncoding, offered);
  }
}
