package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * P6 (BENCHMARKS.md; issue 9): an embedded server's start to its first answered request, in a
 * fresh JVM per sample (class loading and a cold JIT are most of a start). Each sample spawns
 * {@code java -cp benchmarks.jar dev.sharedcontext.benchmarks.StartupProbe}; the probe notes the
 * time just before it builds the server, and this process sends {@code GET /health} the moment
 * the probe reports its port, and notes when the 200 arrived. Median of {@code --samples}, after
 * one discarded sample (it warms the disk cache and this process's own request code).
 *
 * <p>P6 is an absolute time with no peer, and the same build's start took 1.5 times as long at a
 * slow moment of this shared machine as at a fast one: the probe's own JVM boot (spawn to {@code
 * builder()}, no server code) is printed beside it as the machine's speed at that moment.
 *
 * <p>Each sample is paired with a split one, where the probe builds the shared token counter
 * before building the server and times it apart: the token counter (its caches; the encoding
 * loads at the first count, which no start makes), the rest of the start, and the first request,
 * so a change to any of them shows where it landed.
 *
 * <p>Then the test extension's half of P6: per sample a fresh JVM times its first
 * {@code TestServer.start()} (what a test class pays when the extension starts the first server
 * of a test run; class loading included) and {@value StartupProbe#WARM_STARTS} later ones.
 */
final class StartupBenchmark {
  static final double TARGET_MILLIS = 300;
  /** P6's second half: the first start of the test extension's server in a JVM. */
  static final double TESTING_TARGET_MILLIS = 200;
  private static final long SAMPLE_TIMEOUT_SECONDS = 60;

  private StartupBenchmark() {}

  static BenchmarkResult run(String[] args) {
    Options options = Options.parse(args, List.of("samples"));
    int samples = options.number("samples", 10);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = ownJar();
    sample(java, jar, false);
    Samples toAnswer = new Samples();
    Samples toStarted = new Samples();
    Samples spawnToAnswer = new Samples();
    Samples boot = new Samples();
    Samples tokenCounter = new Samples();
    Samples startWithTokenCounter = new Samples();
    Samples firstRequest = new Samples();
    for (int i = 0; i < samples; i++) {
      long[] s = sample(java, jar, false);
      toAnswer.add(s[0]);
      toStarted.add(s[1]);
      spawnToAnswer.add(s[2]);
      boot.add(s[2] - s[0]);
      // The same start with the token counter built first, timed apart: where the time goes.
      long[] split = sample(java, jar, true);
      tokenCounter.add(split[3]);
      startWithTokenCounter.add(split[1] - split[3]);
      firstRequest.add(split[0] - split[1]);
    }
    Samples testingCold = new Samples();
    Samples testingWarm = new Samples();
    for (int i = 0; i < samples; i++) {
      long[] t = testingSample(java, jar);
      testingCold.add(t[0]);
      for (int k = 1; k < t.length; k++) {
        testingWarm.add(t[k]);
      }
    }
    boolean serverMet = toAnswer.p50() <= TARGET_MILLIS;
    boolean testingMet = testingCold.p50() <= TESTING_TARGET_MILLIS;
    boolean met = serverMet && testingMet;
    Table table = new Table("startup (P6): embedded server, fresh JVM per sample, median of " + samples + ", ms",
        "measure", "median", "min", "max", "target", "met");
    row(table, "build+start() -> first 200 on /health", toAnswer, TARGET_MILLIS, serverMet ? "yes" : "NO");
    row(table, "build+start() returned", toStarted, 0, "");
    row(table, "process spawn -> first 200 (JVM boot included)", spawnToAnswer, 0, "");
    row(table, "the probe's JVM boot and logging, spawn -> builder() (the machine, not the server)", boot, 0, "");
    row(table, "split run: token counter built (caches; the encoding loads at a first count)", tokenCounter, 0, "");
    row(table, "split run: build+start(), token counter built", startWithTokenCounter, 0, "");
    row(table, "split run: first request after start()", firstRequest, 0, "");
    row(table, "test extension: first TestServer.start() of a JVM", testingCold, TESTING_TARGET_MILLIS,
        testingMet ? "yes" : "NO");
    row(table, "test extension: later starts (" + StartupProbe.WARM_STARTS + " per JVM)", testingWarm, 0, "");
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    figures.set("startToFirstAnswer", toAnswer.toJson());
    figures.set("startReturned", toStarted.toJson());
    figures.set("spawnToFirstAnswer", spawnToAnswer.toJson());
    // No server code runs before builder(): how fast this machine starts a JVM at the moment, for
    // reading the absolute P6 figures of runs at different moments side by side.
    figures.set("probeBoot", boot.toJson());
    figures.set("splitTokenCounter", tokenCounter.toJson());
    figures.set("splitStartWithTokenCounter", startWithTokenCounter.toJson());
    figures.set("splitFirstRequest", firstRequest.toJson());
    figures.set("testServerFirstStart", testingCold.toJson());
    figures.set("testServerLaterStarts", testingWarm.toJson());
    figures.put("targetMillis", TARGET_MILLIS);
    figures.put("testServerTargetMillis", TESTING_TARGET_MILLIS);
    figures.put("java", java);
    return new BenchmarkResult("startup", table, figures, met, options.out());
  }

  private static void row(Table t, String measure, Samples s, double target, String met) {
    t.row(measure, fmt(s.p50()), fmt(s.percentileMillis(0)), fmt(s.percentileMillis(100)),
        target > 0 ? "<= " + (long) target : "", met);
  }

  /** One fresh JVM timing the test extension's start: nanoseconds {first, later...}. */
  private static long[] testingSample(String java, String jar) {
    return withProbe(java, jar, "testing", "TESTING ", line -> {
      String[] f = line.substring("TESTING ".length()).split(" ");
      long[] nanos = new long[f.length];
      for (int i = 0; i < f.length; i++) {
        nanos[i] = Long.parseLong(f[i]);
      }
      return nanos;
    });
  }

  /**
   * One fresh JVM: nanoseconds {start to first answer, start() (with the token counter's build
   * when split), spawn to first answer, the token counter's build alone (split) or 0}.
   */
  private static long[] sample(String java, String jar, boolean split) {
    long spawn = System.nanoTime();
    return withProbe(java, jar, split ? "split" : "plain", "READY ", line -> {
      String[] f = line.split(" ");
      int status = firstStatus(Integer.parseInt(f[1]));
      long answered = System.nanoTime();
      if (status != 200) {
        throw new BenchmarkException("GET /health answered " + status);
      }
      long t0 = Long.parseLong(f[2]);
      return new long[] {answered - t0, Long.parseLong(f[3]) - t0, answered - spawn, Long.parseLong(f[4]) - t0};
    });
  }

  /** What is done with the probe's first line while the probe still runs. */
  @FunctionalInterface
  interface ProbeAction {
    long[] apply(String line) throws IOException;
  }

  /**
   * Starts a probe in {@code mode}, waits (bounded: a probe that hangs must not hang the
   * benchmark) for its first line, which must start with {@code prefix}, hands it to
   * {@code action}, and ends the probe.
   */
  private static long[] withProbe(String java, String jar, String mode, String prefix, ProbeAction action) {
    return withProbe(java, List.of(), jar, mode, prefix, action);
  }

  /** {@link #withProbe(String, String, String, String, ProbeAction)} with options for the probe's JVM. */
  static long[] withProbe(String java, List<String> jvmOptions, String jar, String mode, String prefix,
      ProbeAction action) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", jar, StartupProbe.class.getName(), mode));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new BenchmarkException("cannot start " + java + ": " + e.getMessage());
    }
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(SAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || !line.startsWith(prefix)) {
        throw new BenchmarkException("the startup probe printed '" + line + "' instead of " + prefix.strip());
      }
      return action.apply(line);
    } catch (IOException | ExecutionException e) {
      throw new BenchmarkException("startup sample failed: " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new BenchmarkException("the startup probe printed nothing within " + SAMPLE_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted");
    } finally {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status code of {@code GET /health}, over a plain socket (no client library to load). */
  static int firstStatus(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = new byte[12]; // "HTTP/1.1 200"
      int n = 0;
      for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
        n += r;
      }
      String status = new String(head, 0, n, StandardCharsets.US_ASCII);
      return status.length() == 12 ? Integer.parseInt(status.substring(9)) : -1;
    }
  }

  static String ownJar() {
    try {
      return Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new BenchmarkException("cannot locate the benchmarks jar: " + e.getMessage());
    }
  }

  private static String fmt(double millis) {
    return String.format("%.1f", millis);
  }
}
