package dev.sharedcontext.redis;

import dev.sharedcontext.core.store.StoreOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of a {@link RedisContextStore}, immutable; every default is a named constant below.
 * Build with {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <p>The {@link StoreOptions} apply as in the memory store, with these differences: versions and
 * history bytes per project bound the Redis stream; the idle expiry is the keys' TTL, renewed by
 * every commit and read; {@code maxTotalBytes} bounds only this instance's cache of heads (the
 * bytes held in Redis are bounded by Redis's own {@code maxmemory}); {@code maxProjects} is
 * checked against a project index and may be exceeded by a few when instances create projects
 * at the same moment; the clock gives the versions' timestamps but not the expiry, which is
 * Redis's clock.
 *
 * <p>Immutable and thread-safe.
 */
public final class RedisStoreOptions {

  /** A Redis on this machine's default port. */
  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
  /** Prepended to every key and to the feed channel. */
  public static final String DEFAULT_KEY_PREFIX = "sc:";
  /** How long one Redis command may take before a {@code ContextTimeoutException}. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** How long a commit or delete waits for this instance's listeners to have been called. */
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(10);
  /** How often projects this instance follows are checked for expiry and missed changes. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
  /** Compare-and-append attempts of one commit that keeps losing races to other instances. */
  public static final int DEFAULT_MAX_COMMIT_ATTEMPTS = 32;

  private final String uri;
  private final boolean cluster;
  private final String keyPrefix;
  private final StoreOptions storeOptions;
  private final Duration commandTimeout;
  private final Duration deliveryTimeout;
  private final Duration sweepInterval;
  private final int maxCommitAttempts;
  private final ClientResources clientResources;

  private RedisStoreOptions(Builder b) {
    this.uri = b.uri;
    this.cluster = b.cluster;
    this.keyPrefix = b.keyPrefix;
    this.storeOptions = b.storeOptions;
    this.commandTimeout = b.commandTimeout;
    this.deliveryTimeout = b.deliveryTimeout;
    this.sweepInterval = b.sweepInterval;
    this.maxCommitAttempts = b.maxCommitAttempts;
    this.clientResources = b.clientResources;
  }

  /** The defaults: every {@code DEFAULT_*} above and {@link StoreOptions#defaults()}. */
  public static RedisStoreOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values. */
  public Builder mutate() {
    Builder b = new Builder();
    b.uri = uri;
    b.cluster = cluster;
    b.keyPrefix = keyPrefix;
    b.storeOptions = storeOptions;
    b.commandTimeout = commandTimeout;
    b.deliveryTimeout = deliveryTimeout;
    b.sweepInterval = sweepInterval;
    b.maxCommitAttempts = maxCommitAttempts;
    b.clientResources = clientResources;
    return b;
  }

  /**
   * The Redis URI, parsed afresh on each call (Lettuce's {@code RedisURI} is mutable, and its
   * builder's copy loses Sentinel nodes).
   */
  public RedisURI uri() {
    return RedisURI.create(uri);
  }

  public boolean cluster() {
    return cluster;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  public StoreOptions storeOptions() {
    return storeOptions;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  public Duration sweepInterval() {
    return sweepInterval;
  }

  public int maxCommitAttempts() {
    return maxCommitAttempts;
  }

  /** The caller's Lettuce resources, or null when the store makes (and closes) its own. */
  public ClientResources clientResources() {
    return clientResources;
  }

  /** Builds {@link RedisStoreOptions}; each setter checks its argument at once. */
  public static final class Builder {
    private String uri = DEFAULT_URI;
    private boolean cluster;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private StoreOptions storeOptions = StoreOptions.defaults();
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private int maxCommitAttempts = DEFAULT_MAX_COMMIT_ATTEMPTS;
    private ClientResources clientResources;

    private Builder() {}

    /**
     * The Redis to use (default {@link RedisStoreOptions#DEFAULT_URI}), in Lettuce's URI syntax:
     * {@code redis://[password@]host:port[/db]}, {@code rediss://} for TLS, or
     * {@code redis-sentinel://host:port[,host:port]/db#masterName} for Sentinel. With
     * {@link #cluster(boolean) cluster}, any node of the cluster.
     *
     * @throws IllegalArgumentException if it is not a valid Redis URI
     */
    public Builder uri(String value) {
      Objects.requireNonNull(value, "uri");
      RedisURI.create(value); // throws if invalid
      this.uri = value;
      return this;
    }

    /** True to talk to a Redis Cluster through the node given by {@link #uri} (default false). */
    public Builder cluster(boolean value) {
      this.cluster = value;
      return this;
    }

    /**
     * Prepended to every key (default {@link RedisStoreOptions#DEFAULT_KEY_PREFIX}); stores with
     * different prefixes on one Redis do not see each other. Must not contain braces, which
     * would change the Cluster hash tag.
     */
    public Builder keyPrefix(String value) {
      Objects.requireNonNull(value, "keyPrefix");
      if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0 || value.length() > 256) {
        throw new IllegalArgumentException("keyPrefix must be at most 256 characters without braces: " + value);
      }
      this.keyPrefix = value;
      return this;
    }

    /** Retention, limits, clock and token counter (default {@link StoreOptions#defaults()}). */
    public Builder storeOptions(StoreOptions value) {
      this.storeOptions = Objects.requireNonNull(value, "storeOptions");
      return this;
    }

    /** Timeout of one Redis command (default {@link RedisStoreOptions#DEFAULT_COMMAND_TIMEOUT}). */
    public Builder commandTimeout(Duration value) {
      this.commandTimeout = positive(value, "commandTimeout");
      return this;
    }

    /** How long a commit waits for local listeners (default {@link RedisStoreOptions#DEFAULT_DELIVERY_TIMEOUT}). */
    public Builder deliveryTimeout(Duration value) {
      this.deliveryTimeout = positive(value, "deliveryTimeout");
      return this;
    }

    /** Interval of the expiry and catch-up sweep (default {@link RedisStoreOptions#DEFAULT_SWEEP_INTERVAL}). */
    public Builder sweepInterval(Duration value) {
      this.sweepInterval = positive(value, "sweepInterval");
      return this;
    }

    /** Attempts of a commit that loses races, at least 1 (default {@link RedisStoreOptions#DEFAULT_MAX_COMMIT_ATTEMPTS}). */
    public Builder maxCommitAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxCommitAttempts must be at least 1: " + value);
      }
      this.maxCommitAttempts = value;
      return this;
    }

    /** Lettuce resources to share (event loops); the store will not shut them down. Null for its own. */
    public Builder clientResources(ClientResources value) {
      this.clientResources = value;
      return this;
    }

    public RedisStoreOptions build() {
      return new RedisStoreOptions(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
