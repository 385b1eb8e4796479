package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one load-generator run measured: completed requests per second and latency percentiles
 * (milliseconds), plus the requests that failed (non-2xx answers, socket errors).
 */
record LoadResult(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors) {

  /** The run with the median throughput of several (noise on a shared machine hits single runs). */
  static LoadResult median(java.util.List<LoadResult> runs) {
    java.util.List<LoadResult> sorted = new java.util.ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(LoadResult::requestsPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  ObjectNode toJson() {
    ObjectNode n = BenchmarkResult.JSON.createObjectNode();
    n.put("requestsPerSecond", Math.round(requestsPerSecond));
    n.put("p50Millis", p50Millis);
    n.put("p99Millis", p99Millis);
    n.put("requests", requests);
    n.put("errors", errors);
    return n;
  }
}
