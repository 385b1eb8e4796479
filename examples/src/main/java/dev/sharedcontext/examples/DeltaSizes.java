package dev.sharedcontext.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Bytes of the deltas as received, each on its own and each gzip-compressed at level 9 on its own:
 * the same rule as the traces' {@code git_diff_unified0_bytes_sum} and
 * {@code git_diff_unified0_gzip_bytes_sum}, so the two can be compared.
 */
final class DeltaSizes {
  private final AtomicLong raw = new AtomicLong();
  private final AtomicLong gzip = new AtomicLong();
  private final AtomicLong count = new AtomicLong();

  void add(String patchJson) {
    byte[] bytes = patchJson.getBytes(StandardCharsets.UTF_8);
    raw.addAndGet(bytes.length);
    gzip.addAndGet(gzip9(bytes));
    count.incrementAndGet();
  }

  long raw() {
    return raw.get();
  }

  long gzip() {
    return gzip.get();
  }

  long count() {
    return count.get();
  }

  private static int gzip9(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip cannot fail", e);
    }
    return out.size();
  }
}
