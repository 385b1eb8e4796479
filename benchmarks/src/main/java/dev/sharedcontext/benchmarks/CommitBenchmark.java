package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link CommitBench} with JMH and reports P5: the commit's p50 against 0.5 ms. */
final class CommitBenchmark {
  static final double TARGET_P50_MICROS = 500;

  private CommitBenchmark() {}

  static BenchmarkResult run(String[] args) {
    Options options = Options.parse(args);
    Collection<RunResult> results;
    try {
      results = new Runner(new OptionsBuilder()
          .include(CommitBench.class.getName() + "\\.")
          .forks(1)
          .jvmArgsAppend("-Dsharedcontext.traces=" + options.traces().toAbsolutePath())
          .warmupIterations(3).warmupTime(TimeValue.seconds(2))
          .measurementIterations(5).measurementTime(TimeValue.seconds(2))
          .build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    Table table = new Table("commit (P5): one-line edit of one file in a 350 KB context (commitObjects: one member of 5,000 objects), JMH sample time, µs",
        "benchmark", "samples", "p50", "p90", "p99", "mean", "target");
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    ArrayNode rows = figures.putArray("benchmarks");
    boolean met = true;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      Statistics s = r.getPrimaryResult().getStatistics();
      double p50 = s.getPercentile(50);
      boolean isP5 = name.equals("commit");
      if (isP5) {
        met = p50 <= TARGET_P50_MICROS;
      }
      table.row(name, s.getN(), fmt(p50), fmt(s.getPercentile(90)), fmt(s.getPercentile(99)), fmt(s.getMean()),
          isP5 ? "p50<=500 " + (met ? "yes" : "NO") : "");
      ObjectNode row = rows.addObject();
      row.put("benchmark", name);
      row.put("samples", s.getN());
      row.put("p50Micros", p50);
      row.put("p90Micros", s.getPercentile(90));
      row.put("p99Micros", s.getPercentile(99));
      row.put("meanMicros", s.getMean());
    }
    figures.put("targetP50Micros", TARGET_P50_MICROS);
    return new BenchmarkResult("commit", table, figures, met, options.out());
  }

  private static String fmt(double micros) {
    return String.format("%.1f", micros);
  }
}
