package dev.sharedcontext.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) as a child process on a free loopback port, in
 * its own temporary directory, for tests: started by {@link #start}, killed by {@link #close}
 * (safe twice). Readiness is waited for by polling PING with Awaitility (10 ms apart, 20 s at
 * most), never by sleeping.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Path dir;
  private final int port;
  private final List<String> command;
  private Process process;

  private RedisServer(Path dir, int port, List<String> command) {
    this.dir = dir;
    this.port = port;
    this.command = List.copyOf(command);
  }

  /** A server without persistence ({@code --save '' --appendonly no}). */
  public static RedisServer start() {
    return start(false);
  }

  /**
   * A server; with {@code appendOnly}, durable as in production: {@code --appendonly yes
   * --appendfsync always}, so every acknowledged write is on disk.
   */
  public static RedisServer start(boolean appendOnly) {
    return start(appendOnly, List.of());
  }

  /** A server without persistence and with {@code extraArgs} (e.g. cluster mode). */
  public static RedisServer start(boolean appendOnly, List<String> extraArgs) {
    try {
      Path dir = Files.createTempDirectory("redis-test");
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString()));
      cmd.addAll(appendOnly ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
      cmd.addAll(extraArgs);
      RedisServer server = new RedisServer(dir, port, cmd);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Sentinel monitoring {@code master} under the name {@code mymaster} (quorum 1). */
  public static RedisServer startSentinel(RedisServer master) {
    try {
      Path dir = Files.createTempDirectory("redis-sentinel-test");
      int port = freePort();
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n"
          + "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1\n");
      RedisServer server = new RedisServer(dir, port, List.of("redis-server", conf.toString(), "--sentinel"));
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** SIGKILL: no shutdown, no final fsync, as a crash. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts again on the same directory and port (after {@link #kill}), reloading the AOF. */
  public void restart() {
    kill();
    launch();
  }

  private void launch() {
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (apt-get install redis-server)", e);
    }
    await().atMost(STARTUP).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
        .until(() -> process.isAlive() && ping());
  }

  private boolean ping() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      // While loading the AOF, Redis answers -LOADING: not ready yet.
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    }
  }

  /** A free port whose cluster bus port (+10000) is free too. */
  private static int freePort() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int i = 0; i < 100; i++) {
      int port = 20_000 + random.nextInt(30_000);
      if (free(port) && free(port + 10_000)) {
        return port;
      }
    }
    throw new IOException("no free port pair found");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    kill();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is not worth failing a test for
    }
  }
}
