package dev.sharedcontext.benchmarks;

import dev.sharedcontext.traces.Trace;
import java.nio.file.Files;
import java.nio.file.Path;

/** The options every benchmark takes: {@code --traces DIR}, {@code --out DIR}. */
record Options(Path traces, Path out) {

  static Options parse(String[] args) {
    Path traces = null;
    Path out = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--traces") || a.equals("--out")) && i + 1 < args.length) {
        Path p = Path.of(args[++i]);
        if (a.equals("--traces")) {
          traces = p;
        } else {
          out = p;
        }
      } else {
        throw new IllegalArgumentException("unknown option '" + a + "' (known: --traces DIR, --out DIR)");
      }
    }
    return new Options(traces == null ? Trace.directory() : traces, out);
  }

  Trace load(String name) {
    return Trace.load(traces, name);
  }
}
