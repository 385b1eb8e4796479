package dev.sharedcontext.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An external program the benchmarks drive (a load generator, {@code redis-server}): found on
 * the PATH or refused with a one-line message naming the Debian package, and run with a time
 * bound so that a stuck tool can never hang a benchmark.
 */
final class Tool {
  private final String name;
  private final String path;

  private Tool(String name, String path) {
    this.name = name;
    this.path = path;
  }

  /**
   * The program {@code name} from the PATH.
   *
   * @throws BenchmarkException naming {@code debianPackage} when it is not installed
   */
  static Tool require(String name, String debianPackage) {
    String pathVar = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVar.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new Tool(name, candidate.toString());
      }
    }
    throw new BenchmarkException(name + " is not installed: apt-get install -y " + debianPackage);
  }

  String path() {
    return path;
  }

  /**
   * Runs the program with {@code args} and returns what it printed (stdout and stderr), killing
   * it past {@code timeout}.
   *
   * @throws BenchmarkException if it fails, exits non-zero or outlives the timeout
   */
  String run(List<String> args, Duration timeout) {
    List<String> command = new java.util.ArrayList<>(args.size() + 1);
    command.add(path);
    command.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new BenchmarkException("cannot start " + name + ": " + e.getMessage());
    }
    // Read while it runs: a child blocked on a full pipe would otherwise never exit.
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new BenchmarkException(name + " did not finish within " + timeout.toSeconds() + " s: " + command);
      }
      String out = output.join();
      if (p.exitValue() != 0) {
        throw new BenchmarkException(name + " exited with " + p.exitValue() + ": " + firstLine(out));
      }
      return out;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted while running " + name);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
