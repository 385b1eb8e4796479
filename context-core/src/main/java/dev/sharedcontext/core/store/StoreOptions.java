package dev.sharedcontext.core.store;

import dev.sharedcontext.core.tokens.TokenCounter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The options of a store, immutable; every default is a named constant below. Build with
 * {@link #builder()}, change a copy with {@link #mutate()}.
 */
public final class StoreOptions {

  /** Versions readable per project, head included. */
  public static final int DEFAULT_MAX_VERSIONS_PER_PROJECT = 1000;
  /** Estimated bytes of retained history (inverse patches) per project. */
  public static final long DEFAULT_MAX_HISTORY_BYTES_PER_PROJECT = 32L * 1024 * 1024;
  /** Canonical bytes of one context. */
  public static final long DEFAULT_MAX_CONTEXT_BYTES = 16L * 1024 * 1024;
  /** Tokens of one context; 0 means no limit. */
  public static final long DEFAULT_MAX_CONTEXT_TOKENS = 0;
  /** Projects held at once. */
  public static final int DEFAULT_MAX_PROJECTS = 10_000;
  /** Estimated bytes of all projects (heads and histories); least recently used are evicted past it. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 1024L * 1024 * 1024;
  /** A project not read or written for this long is dropped. */
  public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofHours(24);

  private static final StoreOptions DEFAULTS = builder().build();

  private final int maxVersionsPerProject;
  private final long maxHistoryBytesPerProject;
  private final long maxContextBytes;
  private final long maxContextTokens;
  private final int maxProjects;
  private final long maxTotalBytes;
  private final Duration idleExpiry;
  private final Clock clock;
  private final Supplier<TokenCounter> tokenCounter;
  private final Executor executor;

  private StoreOptions(Builder b) {
    this.maxVersionsPerProject = b.maxVersionsPerProject;
    this.maxHistoryBytesPerProject = b.maxHistoryBytesPerProject;
    this.maxContextBytes = b.maxContextBytes;
    this.maxContextTokens = b.maxContextTokens;
    this.maxProjects = b.maxProjects;
    this.maxTotalBytes = b.maxTotalBytes;
    this.idleExpiry = b.idleExpiry;
    this.clock = b.clock;
    this.tokenCounter = b.tokenCounter;
    this.executor = b.executor;
  }

  /** The defaults: every {@code DEFAULT_*} above, the UTC system clock, o200k_base token counts. */
  public static StoreOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values. */
  public Builder mutate() {
    Builder b = new Builder();
    b.maxVersionsPerProject = maxVersionsPerProject;
    b.maxHistoryBytesPerProject = maxHistoryBytesPerProject;
    b.maxContextBytes = maxContextBytes;
    b.maxContextTokens = maxContextTokens;
    b.maxProjects = maxProjects;
    b.maxTotalBytes = maxTotalBytes;
    b.idleExpiry = idleExpiry;
    b.clock = clock;
    b.tokenCounter = tokenCounter;
    b.executor = executor;
    return b;
  }

  public int maxVersionsPerProject() {
    return maxVersionsPerProject;
  }

  public long maxHistoryBytesPerProject() {
    return maxHistoryBytesPerProject;
  }

  public long maxContextBytes() {
    return maxContextBytes;
  }

  public long maxContextTokens() {
    return maxContextTokens;
  }

  public int maxProjects() {
    return maxProjects;
  }

  public long maxTotalBytes() {
    return maxTotalBytes;
  }

  public Duration idleExpiry() {
    return idleExpiry;
  }

  public Clock clock() {
    return clock;
  }

  /** The token counter; created on first use. */
  public TokenCounter tokenCounter() {
    return tokenCounter.get();
  }

  public Executor executor() {
    return executor;
  }

  /** Builds {@link StoreOptions}; each setter checks its argument at once. */
  public static final class Builder {
    private int maxVersionsPerProject = DEFAULT_MAX_VERSIONS_PER_PROJECT;
    private long maxHistoryBytesPerProject = DEFAULT_MAX_HISTORY_BYTES_PER_PROJECT;
    private long maxContextBytes = DEFAULT_MAX_CONTEXT_BYTES;
    private long maxContextTokens = DEFAULT_MAX_CONTEXT_TOKENS;
    private int maxProjects = DEFAULT_MAX_PROJECTS;
    private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;
    private Duration idleExpiry = DEFAULT_IDLE_EXPIRY;
    private Clock clock = Clock.systemUTC();
    private Supplier<TokenCounter> tokenCounter = TokenCounter::shared;
    private Executor executor = Runnable::run;

    private Builder() {}

    /** Versions readable per project, head included, at least 1 (default {@link StoreOptions#DEFAULT_MAX_VERSIONS_PER_PROJECT}). */
    public Builder maxVersionsPerProject(int value) {
      this.maxVersionsPerProject = atLeast(1, value, "maxVersionsPerProject");
      return this;
    }

    /** Estimated bytes of history kept per project; older versions are dropped past it. */
    public Builder maxHistoryBytesPerProject(long value) {
      this.maxHistoryBytesPerProject = atLeast(0, value, "maxHistoryBytesPerProject");
      return this;
    }

    /** Canonical bytes one context may have; a commit past it is refused ({@code TOO_LARGE}). */
    public Builder maxContextBytes(long value) {
      this.maxContextBytes = atLeast(1, value, "maxContextBytes");
      return this;
    }

    /** Tokens one context may have; 0 for no limit. */
    public Builder maxContextTokens(long value) {
      this.maxContextTokens = atLeast(0, value, "maxContextTokens");
      return this;
    }

    /** Projects held at once; creating one more is refused ({@code LIMIT_EXCEEDED}). */
    public Builder maxProjects(int value) {
      this.maxProjects = atLeast(1, value, "maxProjects");
      return this;
    }

    /** Estimated bytes of all projects; the least recently used are evicted past it. */
    public Builder maxTotalBytes(long value) {
      this.maxTotalBytes = atLeast(1, value, "maxTotalBytes");
      return this;
    }

    /** How long a project may go unused before it is dropped; positive. */
    public Builder idleExpiry(Duration value) {
      Objects.requireNonNull(value, "idleExpiry");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("idleExpiry must be positive: " + value);
      }
      this.idleExpiry = value;
      return this;
    }

    /** The clock for timestamps and expiry (tests pass a controllable one). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The token counter for the {@code tokens} of versions (default: {@link TokenCounter#shared()},
     * o200k_base BPE, the server's default too, so both count from one cache).
     */
    public Builder tokenCounter(TokenCounter value) {
      Objects.requireNonNull(value, "tokenCounter");
      this.tokenCounter = () -> value;
      return this;
    }

    /**
     * Where eviction and expiry notices are delivered (default: the calling thread, so nothing
     * is started behind the caller's back).
     */
    public Builder executor(Executor value) {
      this.executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    public StoreOptions build() {
      return new StoreOptions(this);
    }

    private static int atLeast(int min, int value, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
      }
      return value;
    }

    private static long atLeast(long min, long value, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
      }
      return value;
    }
  }
}
