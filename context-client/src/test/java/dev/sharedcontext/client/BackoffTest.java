package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.client.Backoff.Jitter;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {

  /** A generator that always draws {@code value}, so each jitter's arithmetic shows in the table. */
  private static RandomGenerator constant(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  // initial 100 ms, max 2 s, multiplier 2: bases 100, 200, 400, 800, 1600, 2000, 2000, ...
  @ParameterizedTest(name = "attempt {0}, {1} jitter, r={2} -> {3} ms")
  @CsvSource({
      "1,  NONE,  0.5,  100",
      "2,  NONE,  0.5,  200",
      "3,  NONE,  0.5,  400",
      "5,  NONE,  0.5,  1600",
      "6,  NONE,  0.5,  2000",
      "40, NONE,  0.5,  2000",
      "1,  FULL,  0.0,  0",
      "1,  FULL,  0.25, 25",
      "4,  FULL,  0.5,  400",
      "9,  FULL,  0.999, 1998",
      "1,  EQUAL, 0.0,  50",
      "3,  EQUAL, 0.5,  300",
      "6,  EQUAL, 0.0,  1000",
      "6,  EQUAL, 0.75, 1750",
  })
  void delaysAsATable(int attempt, Jitter jitter, double r, long expectedMillis) {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, jitter);
    assertThat(b.delay(attempt, constant(r))).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void hugeAttemptsDoNotOverflowPastTheMax() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30), 10.0, Jitter.NONE);
    assertThat(b.delay(Integer.MAX_VALUE, constant(0))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void sameGeneratorStateGivesSameDelays() {
    Backoff b = ClientOptions.DEFAULT_BACKOFF;
    java.util.SplittableRandom a = new java.util.SplittableRandom(42);
    java.util.SplittableRandom c = new java.util.SplittableRandom(42);
    for (int attempt = 1; attempt <= 20; attempt++) {
      Duration d = b.delay(attempt, a);
      assertThat(d).isEqualTo(b.delay(attempt, c));
      assertThat(d).isBetween(Duration.ZERO, b.max());
    }
  }

  @Test
  void defaultsAreUnboundedExponentialWithJitter() {
    Backoff b = ClientOptions.DEFAULT_BACKOFF;
    assertThat(b.initial()).isEqualTo(Duration.ofMillis(100));
    assertThat(b.max()).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.multiplier()).isEqualTo(2.0);
    assertThat(b.jitter()).isEqualTo(Jitter.EQUAL);
    assertThat(b.maxAttempts()).isEqualTo(Backoff.UNBOUNDED);
    assertThat(b.allows(1_000_000)).isTrue();
  }

  @Test
  void maxAttemptsBoundsAllows() {
    Backoff b = Backoff.fixed(Duration.ofSeconds(1)).withMaxAttempts(3);
    assertThat(b.allows(0)).isFalse();
    assertThat(b.allows(3)).isTrue();
    assertThat(b.allows(4)).isFalse();
    assertThat(b.delay(3, constant(0.9))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void invalidArgumentsAreRefusedNamingTheParameter() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new Backoff(null, s, 2, Jitter.NONE, 1)).isInstanceOf(NullPointerException.class)
        .hasMessage("initial");
    assertThatThrownBy(() -> new Backoff(s.negated(), s, 2, Jitter.NONE, 1)).hasMessageContaining("initial");
    assertThatThrownBy(() -> new Backoff(s, Duration.ofMillis(1), 2, Jitter.NONE, 1)).hasMessageContaining("max");
    assertThatThrownBy(() -> new Backoff(s, s, 0.5, Jitter.NONE, 1)).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> new Backoff(s, s, Double.NaN, Jitter.NONE, 1)).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> new Backoff(s, s, 2, Jitter.NONE, 0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> Backoff.fixed(s).delay(0, constant(0))).hasMessageContaining("attempt");
  }
}
