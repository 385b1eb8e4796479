package dev.sharedcontext.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar NAME [options]}: runs one benchmark, prints
 * its table, writes {@code benchmarks/results/NAME.json} and prints that JSON as the last line.
 */
public final class Main {
  private static final Map<String, Function<String[], BenchmarkResult>> BENCHMARKS = new LinkedHashMap<>();

  static {
    BENCHMARKS.put("deltas", DeltasBenchmark::run);
    BENCHMARKS.put("history-memory", HistoryMemoryBenchmark::run);
    BENCHMARKS.put("commit", CommitBenchmark::run);
    BENCHMARKS.put("throughput", ThroughputBenchmark::run);
    BENCHMARKS.put("fanout", FanoutBenchmark::run);
    BENCHMARKS.put("startup", StartupBenchmark::run);
    BENCHMARKS.put("scaling", ScalingBenchmark::run);
    BENCHMARKS.put("token-economy", TokenEconomyBenchmark::run);
  }

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      usage();
      System.exit(args.length == 0 ? 2 : 0);
    }
    Function<String[], BenchmarkResult> benchmark = BENCHMARKS.get(args[0]);
    if (benchmark == null) {
      System.err.println("unknown benchmark '" + args[0] + "'");
      usage();
      System.exit(2);
    }
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    BenchmarkResult result;
    try {
      result = benchmark.apply(rest);
    } catch (BenchmarkException | IllegalArgumentException e) {
      // A missing tool or a bad option: one line that says what to do, not a stack trace.
      System.err.println(args[0] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    result.print(System.out);
    System.exit(result.targetsMet() ? 0 : 1);
  }

  private static void usage() {
    System.err.println("usage: java -jar benchmarks/target/benchmarks.jar NAME [options]");
    System.err.println("benchmarks: " + String.join(", ", BENCHMARKS.keySet()));
    System.err.println("options: --traces DIR (default: ../shared/data/traces), --out DIR (default: benchmarks/results)");
    System.err.println("  throughput: --rounds N (3), --seconds N (8), --wrk-threads N (1), --io-threads N (server default)");
    System.err.println("  fanout: --commits N (1000), --warmup N (20), --jit-warmup N (10000), --subscribers N (all sizes),"
        + " --window B (plain streams), --io-threads N (server default)");
    System.err.println("  startup: --samples N (10); scaling: --skip-http 1");
    System.err.println("  throughput, fanout, scaling need wrk, redis-server, redis-tools (apt-get install -y ...)");
  }
}
