package dev.sharedcontext.server.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The protocol's timestamp form: ISO-8601 UTC with exactly three fraction digits. */
final class Timestamps {
  // Instant.toString drops the fraction when it is zero; the protocol wants milliseconds always.
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  static String now() {
    return format(Instant.now());
  }
}
