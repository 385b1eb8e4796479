package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The scaling benchmark's rows: one cost (a latency, or heap) at one amount of work, with its
 * growth against the same cost at the smallest amount of that dimension, printed and kept as
 * JSON.
 */
final class ScalingTable {
  private final Table table = new Table("scaling: how each cost grows with its work (growth = p50, or heap, "
      + "over the first row of the same dimension and measure)",
      "dimension", "work", "measure", "p50 ms", "p99 ms", "growth", "Redis p50 ms", "heap", "heap per unit", "source");
  private final ArrayNode rows = BenchmarkResult.JSON.createArrayNode();
  private final Map<String, Double> first = new HashMap<>();

  Table table() {
    return table;
  }

  ArrayNode json() {
    return rows;
  }

  /** A latency row; {@code redisP50} is NaN where there is no peer figure. */
  void latency(String dimension, String work, String measure, double p50, double p99, double redisP50, String source) {
    double growth = growth(dimension, measure, p50);
    table.row(dimension, work, measure, fmt(p50), fmt(p99), String.format("%.2fx", growth),
        Double.isNaN(redisP50) ? "" : fmt(redisP50), "", "", source);
    ObjectNode n = row(dimension, work, measure, growth, source);
    n.put("p50Millis", Samples.round(p50));
    n.put("p99Millis", Samples.round(p99));
    if (!Double.isNaN(redisP50)) {
      n.put("redisP50Millis", Samples.round(redisP50));
    }
  }

  /** A heap row: {@code bytes} held in all, and per unit of work ({@code units}, named {@code unit}). */
  void heap(String dimension, String work, String measure, long bytes, long units, String unit, String source) {
    double growth = growth(dimension, measure, bytes);
    table.row(dimension, work, measure, "", "", String.format("%.2fx", growth), "", mb(bytes),
        String.format("%.1f KB/%s", bytes / 1024.0 / units, unit), source);
    ObjectNode n = row(dimension, work, measure, growth, source);
    n.put("heapBytes", bytes);
    n.put("heapBytesPer" + Character.toUpperCase(unit.charAt(0)) + unit.substring(1), bytes / units);
  }

  private ObjectNode row(String dimension, String work, String measure, double growth, String source) {
    ObjectNode n = rows.addObject();
    n.put("dimension", dimension);
    n.put("work", work);
    n.put("measure", measure);
    n.put("growth", Math.round(growth * 100) / 100.0);
    n.put("source", source);
    return n;
  }

  private double growth(String dimension, String measure, double value) {
    double base = first.computeIfAbsent(dimension + "|" + measure, k -> value);
    return base == 0 ? Double.NaN : value / base;
  }

  static String fmt(double millis) {
    return millis >= 100 ? String.format("%.0f", millis) : millis >= 1 ? String.format("%.2f", millis)
        : String.format("%.3f", millis);
  }

  static String mb(long bytes) {
    return String.format("%.2f MB", bytes / (1024.0 * 1024.0));
  }
}
