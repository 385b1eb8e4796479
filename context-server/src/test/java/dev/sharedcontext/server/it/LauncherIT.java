package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shaded launcher jar as a user runs it: a separate JVM, flags, environment, SIGTERM. */
class LauncherIT {
  static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");

  static Path jar() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Paths.get("target"), "context-server-*-all.jar")) {
      for (Path p : jars) {
        return p;
      }
    }
    throw new IllegalStateException("run after package: no target/context-server-*-all.jar");
  }

  static Launched launch(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SHAREDCONTEXT_"));
    pb.environment().putAll(env);
    return new Launched(pb.start());
  }

  /** A launched JVM whose output lines are collected as they come. */
  static final class Launched {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();

    Launched(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    /** The first line matching {@code p}, within {@code seconds}. */
    Matcher await(Pattern p, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          break;
        }
        all.add(line);
        Matcher m = p.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      throw new AssertionError("no line matching " + p + " in " + all);
    }

    int exit(long seconds) throws InterruptedException {
      assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("exited").isTrue();
      return process.exitValue();
    }

    String output() {
      lines.drainTo(all);
      return String.join("\n", all);
    }
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() throws Exception {
    Launched help = launch(Map.of(), "--help");
    assertThat(help.exit(30)).isZero();
    String out = help.output();
    for (String option : new String[] {"--host", "--port", "--max-body-bytes", "--max-json-depth", "--max-context-bytes",
        "--max-projects", "--max-subscribers", "--cors-origins", "--auth-token", "--request-timeout", "--ping-interval",
        "--shutdown-quiet-period", "--report-interval"}) {
      assertThat(out).contains(option);
    }
    assertThat(out).contains("SHAREDCONTEXT_PORT").contains("3003").contains("SHAREDCONTEXT_AUTH_TOKENS");
  }

  @Test
  void servesReportsRefusesATakenPortAndStopsOnSigterm() throws Exception {
    Launched server = launch(Map.of("SHAREDCONTEXT_AUTH_TOKENS", "s3cret:admin"), "--port", "0", "--report-interval", "300ms");
    try {
      Matcher listening = server.await(LISTENING, 30);
      URI uri = URI.create(listening.group(1));
      Http http = new Http(uri);
      assertThat(http.get("/health").json().get("status").asText()).isEqualTo("ok");
      assertThat(http.get("/context/x").status()).as("auth from the environment").isEqualTo(401);
      assertThat(http.put("/context/x", "{\"context\": {\"a\": 1}}", "Authorization", "Bearer s3cret").status()).isEqualTo(201);
      server.await(Pattern.compile("performance: .* req/s"), 30);

      Launched second = launch(Map.of(), "--port", listening.group(2));
      assertThat(second.exit(30)).isNotZero();
      String error = second.output();
      assertThat(error.lines().filter(l -> !l.isBlank()).count()).as(error).isEqualTo(1);
      assertThat(error).contains("already in use").contains(listening.group(2));
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close the output we still read.
      server.process.toHandle().destroy();
    }
    server.await(Pattern.compile("SharedContext server on .* stopped"), 30);
    assertThat(server.exit(30)).isIn(0, 143);
  }

  @Test
  void aBadFlagIsAUsageError() throws Exception {
    Launched bad = launch(Map.of(), "--port", "not-a-port");
    assertThat(bad.exit(30)).isEqualTo(2);
    assertThat(bad.output()).contains("--port");
  }
}
