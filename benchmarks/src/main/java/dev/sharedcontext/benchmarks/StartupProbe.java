package dev.sharedcontext.benchmarks;

import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.testing.TestServer;
import java.io.IOException;
import org.slf4j.LoggerFactory;

/**
 * The child process of the startup benchmark, one fresh JVM per sample: starts an embedded
 * server with every default on port 0, prints {@code READY <port> <t0> <started>} (its
 * {@link System#nanoTime()} readings just before building the server and once {@code start()}
 * returned) and then serves until its standard input closes. The parent sends the first request.
 * With the argument {@code split}, the shared token counter (which the memory store takes when it
 * is created: its caches, the JVM's first Caffeine caches; the encoding itself loads at the first
 * count, which a start does not make) is built first, and the time it took is printed as a last
 * field ({@code <t0>} again when not split).
 *
 * <p>{@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, one clock for every process of the
 * machine, so the parent can subtract this process's readings from its own.
 */
public final class StartupProbe {
  static final int WARM_STARTS = 10;

  private StartupProbe() {}

  public static void main(String[] args) throws IOException {
    // An application that embeds the server has its logging set up long before it starts one:
    // Logback's own start is not the server's cost.
    LoggerFactory.getLogger(StartupProbe.class).debug("probe starting");
    if (args.length > 0 && args[0].equals("testing")) {
      testing();
      return;
    }
    long t0 = System.nanoTime();
    long encoded = t0;
    if (args.length > 0 && args[0].equals("split")) {
      StoreOptions.defaults().tokenCounter();
      encoded = System.nanoTime();
    }
    SharedContextServer server = SharedContextServer.builder().port(0).build().start();
    long started = System.nanoTime();
    System.out.println("READY " + server.port() + " " + t0 + " " + started + " " + encoded);
    System.out.flush();
    while (System.in.read() >= 0) {
      // serve until the parent closes our stdin (or kills us)
    }
    // The graceful close waits a quiet period that the benchmark has no use for.
    Runtime.getRuntime().halt(0);
  }

  /** The extension's start, as {@code SharedContextExtension} calls it: cold once, then warm. */
  private static void testing() {
    StringBuilder line = new StringBuilder("TESTING");
    for (int i = 0; i <= WARM_STARTS; i++) {
      long t0 = System.nanoTime();
      TestServer server = TestServer.start();
      line.append(' ').append(System.nanoTime() - t0);
      server.close();
    }
    System.out.println(line);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
