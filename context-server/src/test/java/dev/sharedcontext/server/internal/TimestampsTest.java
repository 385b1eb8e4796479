package dev.sharedcontext.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void keepsThreeFractionDigitsEvenWhenZero() {
    assertEquals("2026-11-27T08:44:03.000Z", Timestamps.format(Instant.parse("2026-11-27T08:44:03Z")));
    assertEquals("1970-01-01T00:00:00.007Z", Timestamps.format(Instant.ofEpochMilli(7)));
    assertEquals("0999-02-03T04:05:06.789Z", Timestamps.format(Instant.parse("0999-02-03T04:05:06.789999Z")));
  }

  @Test
  void agreesWithThePatternFormatterOverFourMillenia() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
      assertEquals(REFERENCE.format(t), Timestamps.format(t), t::toString);
    }
  }
}
