package dev.sharedcontext.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The peer: a {@code redis-server} child process on a free loopback port without persistence,
 * started by the benchmark and killed by {@link #close()} (safe twice). Ready when it logs
 * "Ready to accept connections" on its stdout, so nothing polls or sleeps.
 */
final class RedisProcess implements AutoCloseable {
  private static final long STARTUP_SECONDS = 20;

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts one.
   *
   * @throws BenchmarkException if redis-server is not installed or does not become ready
   */
  static RedisProcess start() {
    Tool server = Tool.require("redis-server", "redis-server");
    try {
      Path dir = Files.createTempDirectory("bench-redis");
      int port = freePort();
      // maxclients above the fanout's 1,000 subscribers; Redis lowers it itself if ulimit -n is lower.
      Process p = new ProcessBuilder(List.of(server.path(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--maxclients", "10000", "--logfile", ""))
          .redirectErrorStream(true).start();
      RedisProcess redis = new RedisProcess(p, port, dir);
      redis.awaitReady();
      return redis;
    } catch (IOException e) {
      throw new BenchmarkException("cannot start redis-server: " + e.getMessage());
    }
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private void awaitReady() {
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.contains("Ready to accept connections")) {
            ready.complete(true);
          }
          // Keep draining after that: a full pipe would block the server's logging.
        }
        ready.complete(false);
      } catch (IOException e) {
        ready.complete(false);
      }
    }, "redis-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.get(STARTUP_SECONDS, TimeUnit.SECONDS)) {
        close();
        throw new BenchmarkException("redis-server exited before it was ready (port " + port + ")");
      }
    } catch (TimeoutException | ExecutionException e) {
      close();
      throw new BenchmarkException("redis-server was not ready within " + STARTUP_SECONDS + " s");
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted while starting redis-server");
    }
  }

  /** A port free on loopback now; the tiny race with other programs is acceptable here. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover empty temporary directory is not worth failing a benchmark for
    }
  }
}
