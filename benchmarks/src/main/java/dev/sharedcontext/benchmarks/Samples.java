package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** Timings in nanoseconds, and their nearest-rank percentiles in milliseconds. */
final class Samples {
  private long[] nanos = new long[64];
  private int size;

  void add(long value) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = value;
  }

  int size() {
    return size;
  }

  /** The {@code p}-th percentile (nearest rank) in milliseconds; with 100 samples p99 is the second largest. */
  double percentileMillis(double p) {
    if (size == 0) {
      throw new IllegalStateException("no samples");
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  double p50() {
    return percentileMillis(50);
  }

  double p99() {
    return percentileMillis(99);
  }

  ObjectNode toJson() {
    ObjectNode n = BenchmarkResult.JSON.createObjectNode();
    n.put("samples", size);
    n.put("p50Millis", round(p50()));
    n.put("p99Millis", round(p99()));
    n.put("maxMillis", round(percentileMillis(100)));
    return n;
  }

  static double round(double millis) {
    return Math.round(millis * 1000) / 1000.0;
  }
}
