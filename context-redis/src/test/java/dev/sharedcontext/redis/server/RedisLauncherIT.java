package dev.sharedcontext.redis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.redis.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * The standalone server with the Redis store ({@code context-redis-<version>-server.jar}) as a
 * user runs it: two processes on one Redis, configured one by flag and one by environment,
 * serve the same contexts; one is killed with SIGKILL and the other goes on.
 */
class RedisLauncherIT {
  static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Path jar() throws IOException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Paths.get("target"), "context-redis-*-server.jar")) {
      for (Path p : jars) {
        return p;
      }
    }
    throw new IllegalStateException("run after package: no target/context-redis-*-server.jar");
  }

  /** A launched JVM whose output lines are collected as they come. */
  static final class Launched {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> seen = new ArrayList<>();

    Launched(Map<String, String> env, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-jar", jar().toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("SHAREDCONTEXT_"));
      pb.environment().putAll(env);
      process = pb.start();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "launched-output");
      reader.setDaemon(true);
      reader.start();
    }

    Matcher await(Pattern p, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          break;
        }
        seen.add(line);
        Matcher m = p.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      throw new AssertionError("no line matching " + p + " in " + seen);
    }
  }

  static HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json");
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void twoProcessesShareOneRedisAndOneSurvivesTheOthersCrash() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      Launched one = new Launched(Map.of(), "--port", "0", "--redis-uri", redis.uri(), "--redis-key-prefix", "it:");
      Launched two = new Launched(Map.of("SHAREDCONTEXT_REDIS_URI", redis.uri(), "SHAREDCONTEXT_REDIS_KEY_PREFIX", "it:"),
          "--port", "0");
      try {
        URI first = URI.create(one.await(LISTENING, 60).group(1));
        URI second = URI.create(two.await(LISTENING, 60).group(1));
        assertThat(send(first, "PUT", "/context/shared", "{\"context\": {\"a\": 1}}").statusCode()).isEqualTo(201);
        assertThat(send(second, "POST", "/context/shared/diff",
            "{\"patch\": [{\"op\": \"add\", \"path\": \"/b\", \"value\": 2}], \"baseVersion\": 1}").statusCode())
            .isEqualTo(200);
        assertThat(send(first, "GET", "/context/shared", null).body()).contains("\"version\":2").contains("\"b\":2");

        one.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown at all
        assertThat(send(second, "POST", "/context/shared/diff",
            "{\"patch\": [{\"op\": \"add\", \"path\": \"/c\", \"value\": 3}], \"baseVersion\": 2}").statusCode())
            .isEqualTo(200);
        assertThat(send(second, "GET", "/context/shared/versions", null).body())
            .contains("\"version\":3").contains("\"version\":2").contains("\"version\":1");
      } finally {
        one.process.destroyForcibly();
        two.process.toHandle().destroy(); // SIGTERM
      }
      two.await(Pattern.compile("SharedContext server on .* stopped"), 30);
      assertThat(two.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
