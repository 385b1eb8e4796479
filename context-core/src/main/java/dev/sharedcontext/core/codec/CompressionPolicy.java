package dev.sharedcontext.core.codec;

import java.util.List;
import java.util.Objects;

/**
 * When to compress and how far to trust compressed input.
 *
 * @param thresholdBytes payloads smaller than this are sent uncompressed (default {@value #DEFAULT_THRESHOLD_BYTES})
 * @param maxDecodedBytes the most bytes a compressed input may inflate to (default {@value #DEFAULT_MAX_DECODED_BYTES})
 * @param preference codecs offered to peers, best first (default zstd, gzip, deflate)
 */
public record CompressionPolicy(int thresholdBytes, long maxDecodedBytes, List<Codec> preference) {

  public static final int DEFAULT_THRESHOLD_BYTES = 1024;
  public static final long DEFAULT_MAX_DECODED_BYTES = 64L * 1024 * 1024;
  public static final List<Codec> DEFAULT_PREFERENCE = List.of(Codec.ZSTD, Codec.GZIP, Codec.DEFLATE);

  public static final CompressionPolicy DEFAULTS =
      new CompressionPolicy(DEFAULT_THRESHOLD_BYTES, DEFAULT_MAX_DECODED_BYTES, DEFAULT_PREFERENCE);

  public CompressionPolicy {
    if (thresholdBytes < 0) {
      throw new IllegalArgumentException("thresholdBytes must not be negative: " + thresholdBytes);
    }
    if (maxDecodedBytes < 1) {
      throw new IllegalArgumentException("maxDecodedBytes must be positive: " + maxDecodedBytes);
    }
    preference = List.copyOf(Objects.requireNonNull(preference, "preference"));
  }

  /** True if a payload of {@code size} bytes should be compressed. */
  public boolean shouldCompress(int size) {
    return size >= thresholdBytes;
  }
}
