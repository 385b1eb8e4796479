package dev.sharedcontext.benchmarks;

import dev.sharedcontext.traces.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every benchmark takes ({@code --traces DIR}, {@code --out DIR}) and the integer
 * options a benchmark declares for itself (e.g. {@code --rounds 3}); anything else is refused.
 */
record Options(Path traces, Path out, Map<String, Integer> numbers) {

  Options {
    numbers = Map.copyOf(numbers);
  }

  static Options parse(String[] args) {
    return parse(args, List.of());
  }

  /** Parses {@code args}, accepting {@code --NAME INTEGER} for each of {@code numberNames} too. */
  static Options parse(String[] args, List<String> numberNames) {
    Path traces = null;
    Path out = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
    Map<String, Integer> numbers = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.startsWith("--") ? a.substring(2) : "";
      if (i + 1 >= args.length || name.isEmpty()) {
        throw unknown(a, numberNames);
      }
      String value = args[++i];
      if (name.equals("traces")) {
        traces = Path.of(value);
      } else if (name.equals("out")) {
        out = Path.of(value);
      } else if (numberNames.contains(name)) {
        try {
          numbers.put(name, Integer.parseInt(value));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--" + name + " takes an integer, not '" + value + "'");
        }
      } else {
        throw unknown(a, numberNames);
      }
    }
    return new Options(traces, out, numbers);
  }

  /** The trace folder: as given, or found beside the checkout (only looked up when asked for). */
  @Override
  public Path traces() {
    return traces == null ? Trace.directory() : traces;
  }

  /** The value of {@code --name}, or {@code otherwise}. */
  int number(String name, int otherwise) {
    return numbers.getOrDefault(name, otherwise);
  }

  Trace load(String name) {
    return Trace.load(traces(), name);
  }

  private static IllegalArgumentException unknown(String arg, List<String> numberNames) {
    StringBuilder known = new StringBuilder("--traces DIR, --out DIR");
    for (String n : numberNames) {
      known.append(", --").append(n).append(" N");
    }
    return new IllegalArgumentException("unknown option '" + arg + "' (known: " + known + ")");
  }
}
