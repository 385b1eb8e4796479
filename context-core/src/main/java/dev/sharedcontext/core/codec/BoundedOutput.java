package dev.sharedcontext.core.codec;

import dev.sharedcontext.core.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A growing byte buffer that refuses to hold more than a limit: the check comes before each
 * write, so a decompression bomb costs at most the limit, never the size it claims. Not
 * thread-safe; one per decoding.
 */
final class BoundedOutput {
  static final String LIMIT_NAME = "maxDecodedBytes";

  /** The largest array the JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final Codec codec;
  private final long limit;
  private byte[] buf;
  private int size;

  BoundedOutput(Codec codec, long limit, int inputLength) {
    this.codec = codec;
    this.limit = limit;
    // A guess of 4× the input, never above the limit: compressed text usually inflates 3–10×.
    long guess = Math.min(Math.max(256L, 4L * inputLength), Math.min(limit, 1L << 20));
    this.buf = new byte[(int) Math.max(guess, 16)];
  }

  void write(byte[] bytes, int off, int len) {
    long after = (long) size + len;
    if (after > limit) {
      throw LimitExceededException.tooLarge(LIMIT_NAME, limit, "decoded " + codec.contentEncoding() + " content");
    }
    if (after > MAX_ARRAY) {
      throw new LimitExceededException("TOO_LARGE", LIMIT_NAME, limit, "decoded "
          + codec.contentEncoding() + " content exceeds the largest byte array (" + MAX_ARRAY + " bytes)");
    }
    if (after > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, Math.max(after, Math.min(limit, 2L * buf.length))));
    }
    System.arraycopy(bytes, off, buf, size, len);
    size = (int) after;
  }

  /** Reads {@code in} to its end, chunk by chunk, through {@link #write}. */
  void readFrom(InputStream in) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    int n;
    while ((n = in.read(chunk)) != -1) {
      write(chunk, 0, n);
    }
  }

  byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }
}
