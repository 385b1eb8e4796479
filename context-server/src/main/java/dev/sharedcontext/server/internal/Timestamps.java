package dev.sharedcontext.server.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The protocol's timestamp form: ISO-8601 UTC with exactly three fraction digits. */
final class Timestamps {
  private Timestamps() {}

  /**
   * {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. Written by hand because Instant.toString drops a zero
   * fraction, and a pattern formatter loads the JDK's locale data on first use (tens of
   * milliseconds of a fresh server's first error answer). Years past 9999 are not expected.
   */
  static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder b = new StringBuilder(24);
    pad(b, t.getYear(), 4).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append('T');
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2).append('.');
    return pad(b, instant.getNano() / 1_000_000, 3).append('Z').toString();
  }

  static String now() {
    return format(Instant.now());
  }

  private static StringBuilder pad(StringBuilder b, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits);
  }
}
