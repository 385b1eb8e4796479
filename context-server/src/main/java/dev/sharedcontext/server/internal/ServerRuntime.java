package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.Subscription;
import dev.sharedcontext.server.ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What every handler of one server shares: options, store, caches, the subscriber feeds, auth,
 * CORS, metrics and the draining flag. Created when the server starts. Thread-safe.
 */
public final class ServerRuntime {
  final ServerOptions options;
  final ContextStore store;
  final ServerMetrics metrics = new ServerMetrics();
  final SnapshotCache snapshots;
  final TokenLedger tokens;
  final Feeds feeds;
  final Auth auth;
  final Cors cors;
  final Connections connections;
  final ResponseCompression compression;
  final EncodingCounters counters;
  final WindowRules rules;
  final WindowViews windows = new WindowViews();
  final WindowSteps windowSteps;
  final MetricsStream metricsStream;
  private static final String VERSION = readVersion();
  final String serverVersion = VERSION;
  private final Subscription subscription;
  private volatile boolean draining;

  public ServerRuntime(ServerOptions options, ContextStore store) {
    this.options = options;
    this.store = store;
    this.snapshots = new SnapshotCache(options.snapshotCacheBytes(), metrics);
    this.tokens = new TokenLedger(options::tokenCounter);
    this.counters = new EncodingCounters(options::tokenCounter);
    this.windowSteps = new WindowSteps(windows, counters);
    this.feeds = new Feeds(options.maxSubscribersPerProject(), tokens, snapshots, metrics, projectId -> {
      windows.forget(projectId);
      windowSteps.forget(projectId);
    });
    this.auth = new Auth(options.accessTokens());
    this.cors = new Cors(options.corsOrigins());
    this.connections = new Connections(options.maxConnections(), metrics);
    this.compression = new ResponseCompression(options.compression(), metrics);
    this.rules = new WindowRules(options);
    this.metricsStream = new MetricsStream(this);
    this.subscription = store.subscribe(feeds);
  }

  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  boolean draining() {
    return draining;
  }

  /** From now on /health answers 503 and HTTP connections close after their current response. */
  void startDraining() {
    draining = true;
  }

  /** The server's metrics; for the launcher's periodic report. */
  public MetricsReport report() {
    return new MetricsReport(this);
  }

  /** Stops listening to the store and releases the metrics registry. */
  void close() {
    subscription.close();
    feeds.close();
    metrics.close();
  }

  /** {@link #close()} for a server that failed to start; never throws. */
  public void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      // nothing was served; nothing to report
    }
  }

  private static String readVersion() {
    try (InputStream in = ServerRuntime.class.getResourceAsStream("/dev/sharedcontext/server/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
