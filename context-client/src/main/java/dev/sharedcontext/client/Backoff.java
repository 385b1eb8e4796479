package dev.sharedcontext.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each reconnect attempt: exponential growth from {@code initial} by
 * {@code multiplier}, capped at {@code max}, spread by {@link Jitter} so that clients cut off
 * together do not come back together.
 *
 * <p>The delay of attempt {@code n} (1-based) is computed from the <em>base</em>
 * {@code min(max, initial × multiplier^(n-1))} and one draw {@code r ∈ [0, 1)} of the random
 * generator passed in: {@link Jitter#NONE} → base, {@link Jitter#FULL} → {@code r × base},
 * {@link Jitter#EQUAL} → {@code base/2 + r × base/2}. Given the same generator state the
 * result is the same, so delays can be tested as a table.
 *
 * <p>Immutable and thread-safe. Defaults: {@link ClientOptions#DEFAULT_BACKOFF}.
 *
 * @param initial the base delay of the first attempt; not negative
 * @param max the largest base delay; not less than {@code initial}
 * @param multiplier growth per attempt; at least 1
 * @param jitter how the base delay is randomized
 * @param maxAttempts attempts made before giving up; {@link #UNBOUNDED} never gives up
 */
public record Backoff(Duration initial, Duration max, double multiplier, Jitter jitter, int maxAttempts) {

  /** {@code maxAttempts} for "never give up". */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** How a base delay is randomized. */
  public enum Jitter {
    /** The base delay exactly. */
    NONE,
    /** Uniform in {@code [0, base)}: the widest spread, possibly no wait at all. */
    FULL,
    /** Uniform in {@code [base/2, base)}: spread, but never less than half the base. */
    EQUAL
  }

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(jitter, "jitter");
    if (initial.isNegative()) {
      throw new IllegalArgumentException("initial must not be negative: " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max (" + max + ") must not be less than initial (" + initial + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number >= 1: " + multiplier);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
  }

  /** Exponential backoff with unbounded attempts. */
  public static Backoff exponential(Duration initial, Duration max, double multiplier, Jitter jitter) {
    return new Backoff(initial, max, multiplier, jitter, UNBOUNDED);
  }

  /** The same delay before every attempt, without jitter, unbounded attempts. */
  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, delay, 1.0, Jitter.NONE, UNBOUNDED);
  }

  /** This backoff giving up after {@code maxAttempts} attempts. */
  public Backoff withMaxAttempts(int maxAttempts) {
    return new Backoff(initial, max, multiplier, jitter, maxAttempts);
  }

  /** This backoff with another jitter. */
  public Backoff withJitter(Jitter jitter) {
    return new Backoff(initial, max, multiplier, jitter, maxAttempts);
  }

  /** True if attempt {@code attempt} (1-based) may still be made. */
  public boolean allows(int attempt) {
    return attempt >= 1 && attempt <= maxAttempts;
  }

  /**
   * The delay before attempt {@code attempt} (1-based), drawing at most one double from
   * {@code random} (none for {@link Jitter#NONE}).
   */
  public Duration delay(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
    Objects.requireNonNull(random, "random");
    double maxNanos = max.toNanos();
    // pow overflows to Infinity for large attempts; the negated comparison also catches NaN.
    double base = initial.toNanos() * Math.pow(multiplier, attempt - 1.0);
    if (!(base < maxNanos)) {
      base = maxNanos;
    }
    double nanos = switch (jitter) {
      case NONE -> base;
      case FULL -> random.nextDouble() * base;
      case EQUAL -> base / 2 + random.nextDouble() * base / 2;
    };
    return Duration.ofNanos(Math.round(nanos));
  }
}
