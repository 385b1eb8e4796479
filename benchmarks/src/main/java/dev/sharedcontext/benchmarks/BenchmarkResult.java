package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a benchmark measured: a printed table and the same figures as JSON, written to
 * {@code <out>/<name>.json} and printed as the last line.
 */
final class BenchmarkResult {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Table table;
  private final ObjectNode figures;
  private final boolean targetsMet;
  private final Path outDir;
  private final boolean hasTargets;

  BenchmarkResult(String name, Table table, ObjectNode figures, boolean targetsMet, Path outDir) {
    this(name, table, figures, targetsMet, outDir, true);
  }

  private BenchmarkResult(String name, Table table, ObjectNode figures, boolean targetsMet, Path outDir,
      boolean hasTargets) {
    this.name = name;
    this.table = table;
    this.figures = figures;
    this.targetsMet = targetsMet;
    this.outDir = outDir;
    this.hasTargets = hasTargets;
  }

  /** Figures that are reported, not judged (e.g. scaling). */
  static BenchmarkResult informational(String name, Table table, ObjectNode figures, Path outDir) {
    return new BenchmarkResult(name, table, figures, true, outDir, false);
  }

  boolean targetsMet() {
    return targetsMet;
  }

  void print(PrintStream out) {
    ObjectNode json = JSON.createObjectNode();
    json.put("benchmark", name);
    json.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + ", " + System.getProperty("os.name"));
    // The machines are shared: the load when the run ended says how much to trust its figures.
    json.put("loadAverage1m", Math.round(
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
    json.put("targetsMet", targetsMet);
    json.setAll(figures);
    String line;
    try {
      line = JSON.writeValueAsString(json);
      Files.createDirectories(outDir);
      Files.writeString(outDir.resolve(name + ".json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(table.render());
    out.println("load average (1 min) at the end: " + json.get("loadAverage1m"));
    out.println(!hasTargets ? "(no targets: figures for reading)" : targetsMet ? "all targets met"
        : "TARGETS MISSED (see table)");
    out.println(line);
  }
}
