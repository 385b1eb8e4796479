package dev.sharedcontext.benchmarks;

import dev.sharedcontext.server.internal.ClassPreloader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the server's class preloading list ({@code ClassPreloader} in context-server): the
 * classes a fresh JVM loads from {@code SharedContextServer.builder()} to the answer to its first
 * request, in the order it loads them. It runs the startup benchmark's probe once with the JVM's
 * class loading log ({@code -Xlog:class+load}) and preloading off, answers it as the benchmark
 * does, and keeps the names loaded from the first server class on. Classes the JVM's shared
 * archive provides are left out (they load in microseconds), as are generated ones (lambdas,
 * hidden classes) and the benchmark's own.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.sharedcontext.benchmarks.PreloadClassList
 * context-server/src/main/resources/dev/sharedcontext/server/internal/preload-classes.txt}
 */
public final class PreloadClassList {
  private static final String FIRST = "dev.sharedcontext.server.SharedContextServer";

  private PreloadClassList() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PreloadClassList <file to write>");
      System.exit(2);
    }
    // A directory of its own: the JVM's log moves a file already at its path aside (to .0), so a
    // temporary file made beforehand would be left behind.
    Path dir = Files.createTempDirectory("class-load");
    Path log = dir.resolve("class-load.log");
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      StartupBenchmark.withProbe(java,
          List.of("-Xlog:class+load=info:file=" + log, "-D" + ClassPreloader.PROPERTY + "=false"),
          StartupBenchmark.ownJar(), "plain", "READY ", line -> {
            int status = StartupBenchmark.firstStatus(Integer.parseInt(line.split(" ")[1]));
            if (status != 200) {
              throw new BenchmarkException("GET /health answered " + status);
            }
            return new long[0];
          });
      List<String> names = names(Files.readAllLines(log, StandardCharsets.UTF_8));
      List<String> out = new ArrayList<>();
      out.add("# Classes a fresh JVM loads from SharedContextServer.builder() to its first answer, in order,");
      out.add("# for ClassPreloader; written by dev.sharedcontext.benchmarks.PreloadClassList on "
          + LocalDate.now(ZoneOffset.UTC) + " (Java " + Runtime.version().feature() + ").");
      out.addAll(names);
      Files.write(Path.of(args[0]), out, StandardCharsets.UTF_8);
      System.out.println(names.size() + " classes written to " + args[0]);
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** The names of a class loading log from the first server class on; see the class comment. */
  static List<String> names(List<String> logLines) {
    Set<String> names = new LinkedHashSet<>();
    boolean started = false;
    for (String line : logLines) {
      // [0.123s][info][class,load] io.netty.channel.Channel source: jar:file:/...!/
      int tag = line.indexOf("[class,load] ");
      if (tag < 0) {
        continue;
      }
      String[] f = line.substring(tag + "[class,load] ".length()).split(" ", 3);
      if (f.length < 3) {
        continue;
      }
      String name = f[0];
      started |= name.equals(FIRST);
      String source = f[2]; // after "source:"
      boolean fromFile = f[1].equals("source:")
          && (source.startsWith("jrt:/") || source.startsWith("file:") || source.startsWith("jar:"));
      if (started && fromFile && !name.contains("$$Lambda") && !name.contains("/0x")
          && !name.startsWith("dev.sharedcontext.benchmarks.")) {
        names.add(name);
      }
    }
    if (!started) {
      throw new UncheckedIOException(new IOException("the class loading log never loads " + FIRST));
    }
    return new ArrayList<>(names);
  }
}
