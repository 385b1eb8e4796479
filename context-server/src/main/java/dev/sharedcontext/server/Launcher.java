package dev.sharedcontext.server;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.JsonLimits;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.tokens.TokenEncoding;
import dev.sharedcontext.server.LauncherConverters.DurationConverter;
import dev.sharedcontext.server.LauncherConverters.SizeConverter;
import dev.sharedcontext.server.internal.PerformanceReporter;
import dev.sharedcontext.server.internal.ServerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone server: {@code java -jar context-server-<version>-all.jar [options]}. Every
 * option also reads an environment variable ({@code SHAREDCONTEXT_*}, named in {@code --help});
 * a flag wins over the variable. Stops gracefully on SIGTERM / Ctrl-C.
 */
@Command(name = "context-server", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = "Serves SharedContext's HTTP + WebSocket protocol (see PROTOCOL.md) from memory, or from Redis "
        + "for several instances (--redis-uri).")
public final class Launcher implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "${env:SHAREDCONTEXT_HOST:-" + ServerOptions.DEFAULT_HOST + "}",
      description = "Interface to bind; 0.0.0.0 for all (env SHAREDCONTEXT_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:SHAREDCONTEXT_PORT:-" + ServerOptions.DEFAULT_PORT + "}",
      description = "Port; 0 picks a free one (env SHAREDCONTEXT_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--max-body-bytes", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_MAX_BODY_BYTES:-" + ServerOptions.DEFAULT_MAX_BODY_BYTES + "}",
      description = "Largest request body (env SHAREDCONTEXT_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--max-frame-bytes", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_MAX_FRAME_BYTES:-" + ServerOptions.DEFAULT_MAX_FRAME_BYTES + "}",
      description = "Largest WebSocket message (env SHAREDCONTEXT_MAX_FRAME_BYTES, default ${DEFAULT-VALUE}).")
  long maxFrameBytes;

  @Option(names = "--max-json-depth",
      defaultValue = "${env:SHAREDCONTEXT_MAX_JSON_DEPTH:-" + JsonLimits.DEFAULT_MAX_DEPTH + "}",
      description = "Deepest JSON nesting accepted (env SHAREDCONTEXT_MAX_JSON_DEPTH, default ${DEFAULT-VALUE}).")
  int maxJsonDepth;

  @Option(names = "--max-context-bytes", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_MAX_CONTEXT_BYTES:-" + StoreOptions.DEFAULT_MAX_CONTEXT_BYTES + "}",
      description = "Largest context (env SHAREDCONTEXT_MAX_CONTEXT_BYTES, default ${DEFAULT-VALUE}).")
  long maxContextBytes;

  @Option(names = "--max-context-tokens",
      defaultValue = "${env:SHAREDCONTEXT_MAX_CONTEXT_TOKENS:-" + StoreOptions.DEFAULT_MAX_CONTEXT_TOKENS + "}",
      description = "Most tokens of one context, 0 for no limit (env SHAREDCONTEXT_MAX_CONTEXT_TOKENS, default ${DEFAULT-VALUE}).")
  long maxContextTokens;

  @Option(names = "--max-projects",
      defaultValue = "${env:SHAREDCONTEXT_MAX_PROJECTS:-" + StoreOptions.DEFAULT_MAX_PROJECTS + "}",
      description = "Projects held at once (env SHAREDCONTEXT_MAX_PROJECTS, default ${DEFAULT-VALUE}).")
  int maxProjects;

  @Option(names = "--max-versions",
      defaultValue = "${env:SHAREDCONTEXT_MAX_VERSIONS:-" + StoreOptions.DEFAULT_MAX_VERSIONS_PER_PROJECT + "}",
      description = "Versions kept per project (env SHAREDCONTEXT_MAX_VERSIONS, default ${DEFAULT-VALUE}).")
  int maxVersions;

  @Option(names = "--max-total-bytes", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_MAX_TOTAL_BYTES:-" + StoreOptions.DEFAULT_MAX_TOTAL_BYTES + "}",
      description = "Memory for all projects before the least used are evicted (env SHAREDCONTEXT_MAX_TOTAL_BYTES, default ${DEFAULT-VALUE}).")
  long maxTotalBytes;

  @Option(names = "--idle-expiry", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_IDLE_EXPIRY:-24h}",
      description = "A project unused this long is dropped (env SHAREDCONTEXT_IDLE_EXPIRY, default ${DEFAULT-VALUE}).")
  Duration idleExpiry;

  @Option(names = "--redis-uri", paramLabel = "URI", defaultValue = "${env:SHAREDCONTEXT_REDIS_URI}",
      description = "Keep contexts in this Redis (redis://host:port[/db], rediss://, redis-sentinel://host:port#master) "
          + "instead of memory, shared by every instance on it; needs context-redis on the class path "
          + "(env SHAREDCONTEXT_REDIS_URI, default: memory).")
  String redisUri;

  @Option(names = "--redis-key-prefix",
      defaultValue = "${env:SHAREDCONTEXT_REDIS_KEY_PREFIX:-" + ServerOptions.DEFAULT_REDIS_KEY_PREFIX + "}",
      description = "Prefix of the Redis keys; instances with one prefix share contexts (env SHAREDCONTEXT_REDIS_KEY_PREFIX, default ${DEFAULT-VALUE}).")
  String redisKeyPrefix;

  @Option(names = "--redis-cluster", defaultValue = "${env:SHAREDCONTEXT_REDIS_CLUSTER:-false}",
      description = "The Redis URI names a node of a Redis Cluster (env SHAREDCONTEXT_REDIS_CLUSTER, default ${DEFAULT-VALUE}).")
  boolean redisCluster;

  @Option(names = "--max-subscribers",
      defaultValue = "${env:SHAREDCONTEXT_MAX_SUBSCRIBERS:-" + ServerOptions.DEFAULT_MAX_SUBSCRIBERS_PER_PROJECT + "}",
      description = "WebSocket subscribers per project (env SHAREDCONTEXT_MAX_SUBSCRIBERS, default ${DEFAULT-VALUE}).")
  int maxSubscribers;

  @Option(names = "--max-connections",
      defaultValue = "${env:SHAREDCONTEXT_MAX_CONNECTIONS:-" + ServerOptions.DEFAULT_MAX_CONNECTIONS + "}",
      description = "Open connections (env SHAREDCONTEXT_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--cors-origins", split = ",",
      defaultValue = "${env:SHAREDCONTEXT_CORS_ORIGINS:-http://localhost,http://127.0.0.1}",
      description = "Allowed origins, comma-separated; scheme://host allows any port, * all "
          + "(env SHAREDCONTEXT_CORS_ORIGINS, default ${DEFAULT-VALUE}).")
  List<String> corsOrigins;

  @Option(names = "--auth-token", paramLabel = "TOKEN:LEVEL[:P1,P2]",
      description = "A bearer token with read|write|admin on the listed projects (all if none); repeatable; "
          + "turns auth on. Env SHAREDCONTEXT_AUTH_TOKENS: specs separated by spaces or semicolons.")
  List<String> authTokens = new ArrayList<>();

  @Option(names = "--request-timeout", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_REQUEST_TIMEOUT:-30s}",
      description = "Time for one complete HTTP request (env SHAREDCONTEXT_REQUEST_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--ping-interval", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_PING_INTERVAL:-30s}",
      description = "Silence before a WebSocket ping; twice that closes (env SHAREDCONTEXT_PING_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration pingInterval;

  @Option(names = "--write-buffer-low", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_WRITE_BUFFER_LOW:-" + ServerOptions.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK + "}",
      description = "Outbound bytes under which a stalled subscriber gets its catch-up (env SHAREDCONTEXT_WRITE_BUFFER_LOW, default ${DEFAULT-VALUE}).")
  long writeBufferLow;

  @Option(names = "--write-buffer-high", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_WRITE_BUFFER_HIGH:-" + ServerOptions.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK + "}",
      description = "Outbound bytes over which a subscriber is stalled (env SHAREDCONTEXT_WRITE_BUFFER_HIGH, default ${DEFAULT-VALUE}).")
  long writeBufferHigh;

  @Option(names = "--shutdown-quiet-period", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_SHUTDOWN_QUIET_PERIOD:-2s}",
      description = "Time in-flight requests get on shutdown (env SHAREDCONTEXT_SHUTDOWN_QUIET_PERIOD, default ${DEFAULT-VALUE}).")
  Duration shutdownQuietPeriod;

  @Option(names = "--shutdown-timeout", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_SHUTDOWN_TIMEOUT:-15s}",
      description = "Upper bound of the shutdown (env SHAREDCONTEXT_SHUTDOWN_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(names = "--io-threads",
      defaultValue = "${env:SHAREDCONTEXT_IO_THREADS:-" + ServerOptions.DEFAULT_IO_THREADS + "}",
      description = "I/O threads, 0 for half the processors, at least one (env SHAREDCONTEXT_IO_THREADS, default ${DEFAULT-VALUE}).")
  int ioThreads;

  @Option(names = "--handler-threads",
      defaultValue = "${env:SHAREDCONTEXT_HANDLER_THREADS:-" + ServerOptions.DEFAULT_HANDLER_THREADS + "}",
      description = "Threads for request handling off the I/O threads, 0 for none, or " + ServerOptions.DEFAULT_BLOCKING_STORE_HANDLER_THREADS
          + " with --redis-uri (env SHAREDCONTEXT_HANDLER_THREADS, default ${DEFAULT-VALUE}).")
  int handlerThreads;

  @Option(names = "--token-encoding",
      defaultValue = "${env:SHAREDCONTEXT_TOKEN_ENCODING:-o200k_base}",
      description = "Tokenizer for token figures: o200k_base or cl100k_base (env SHAREDCONTEXT_TOKEN_ENCODING, default ${DEFAULT-VALUE}).")
  String tokenEncoding;

  @Option(names = "--token-cache-chars", converter = SizeConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_TOKEN_CACHE_CHARS:-" + TokenCounter.DEFAULT_CACHE_CHARS + "}",
      description = "Chars of text whose token counts are kept, so that a new version of a string is counted from the "
          + "last; size it to the text the active projects hold, 0 for none (env SHAREDCONTEXT_TOKEN_CACHE_CHARS, "
          + "default ${DEFAULT-VALUE}, about 4,000 contexts of 4 KB).")
  long tokenCacheChars;

  @Option(names = "--report-interval", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_REPORT_INTERVAL:-60s}",
      description = "Period of the one-line performance report, 0 for none (env SHAREDCONTEXT_REPORT_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration reportInterval;

  @Option(names = "--metrics-stream-interval", converter = DurationConverter.class,
      defaultValue = "${env:SHAREDCONTEXT_METRICS_STREAM_INTERVAL:-1s}",
      description = "Time between two readings on /metrics/stream, the dashboard's feed (env SHAREDCONTEXT_METRICS_STREAM_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration metricsStreamInterval;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dev/sharedcontext/server/launcher-logback.xml");
    }
    int code = execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command; returns its exit code (0 after a clean shutdown). Blocks while serving. */
  static int execute(String... args) {
    CommandLine cli = new CommandLine(new Launcher());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("context-server: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    SharedContextServer server = SharedContextServer.builder().host(host).port(port).options(options()).build();
    try {
      server.start();
    } catch (ConnectionException e) {
      System.err.println("context-server: " + e.getMessage());
      server.close();
      return 2;
    }
    Logger log = LoggerFactory.getLogger(Launcher.class);
    CountDownLatch stopped = new CountDownLatch(1);
    ScheduledExecutorService reports = startReports(server, log);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      if (reports != null) {
        reports.shutdownNow();
      }
      server.close();
      stopped.countDown();
    }, "sharedcontext-shutdown"));
    stopped.await();
    return 0;
  }

  private ScheduledExecutorService startReports(SharedContextServer server, Logger log) {
    if (reportInterval.isZero() || reportInterval.isNegative()) {
      return null;
    }
    PerformanceReporter reporter = new PerformanceReporter(server.runtime());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sharedcontext-report");
      t.setDaemon(true);
      return t;
    });
    long ms = reportInterval.toMillis();
    timer.scheduleAtFixedRate(() -> {
      try {
        log.info("performance: {}", reporter.nextLine());
      } catch (RuntimeException e) {
        log.warn("performance report failed", e);
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
    return timer;
  }

  ServerOptions options() {
    StoreOptions.Builder store = StoreOptions.builder()
        .maxContextBytes(maxContextBytes)
        .maxContextTokens(maxContextTokens)
        .maxProjects(maxProjects)
        .maxVersionsPerProject(maxVersions)
        .maxTotalBytes(maxTotalBytes)
        .idleExpiry(idleExpiry);
    List<AccessToken> tokens = new ArrayList<>();
    List<String> specs = new ArrayList<>(authTokens);
    String env = System.getenv("SHAREDCONTEXT_AUTH_TOKENS");
    if (specs.isEmpty() && env != null) {
      Arrays.stream(env.split("[;\\s]+")).filter(s -> !s.isBlank()).forEach(specs::add);
    }
    specs.forEach(s -> tokens.add(AccessToken.parse(s)));
    TokenEncoding encoding = TokenEncoding.fromName(tokenEncoding);
    ServerOptionsBuilder options = ServerOptions.builder();
    if (encoding != TokenEncoding.DEFAULT || tokenCacheChars != TokenCounter.DEFAULT_CACHE_CHARS) {
      // The store counts whole contexts and the server counts patches: both with one counter.
      TokenCounter counter = TokenCounter.bpe(encoding, tokenCacheChars);
      store.tokenCounter(counter);
      options.tokenCounter(counter);
    }
    return options
        .storeOptions(store.build())
        .redisUri(redisUri == null || redisUri.isBlank() ? null : redisUri)
        .redisKeyPrefix(redisKeyPrefix)
        .redisCluster(redisCluster)
        .maxBodyBytes(Math.toIntExact(maxBodyBytes))
        .maxFrameBytes(Math.toIntExact(maxFrameBytes))
        .jsonLimits(new JsonLimits(maxJsonDepth, JsonLimits.DEFAULT_MAX_STRING_LENGTH, JsonLimits.DEFAULT_MAX_NAME_LENGTH))
        .maxSubscribersPerProject(maxSubscribers)
        .maxConnections(maxConnections)
        .corsOrigins(corsOrigins)
        .accessTokens(tokens)
        .requestTimeout(requestTimeout)
        .pingInterval(pingInterval)
        .writeBufferWaterMarks(Math.toIntExact(writeBufferLow), Math.toIntExact(writeBufferHigh))
        .shutdownQuietPeriod(shutdownQuietPeriod)
        .shutdownTimeout(shutdownTimeout)
        .ioThreads(ioThreads)
        .handlerThreads(handlerThreads)
        .metricsStreamInterval(metricsStreamInterval)
        .build();
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"context-server " + ServerRuntime.version()};
    }
  }
}
