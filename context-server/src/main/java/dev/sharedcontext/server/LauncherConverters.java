package dev.sharedcontext.server;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line value forms of the launcher: durations like {@code 30s} and sizes like {@code 16m}. */
final class LauncherConverters {
  private LauncherConverters() {}

  /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, a bare number of seconds, or ISO-8601 ({@code PT30S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt") || v.startsWith("p")) {
          return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
        }
        char unit = v.charAt(v.length() - 1);
        if (Character.isDigit(unit)) {
          return Duration.ofSeconds(Long.parseLong(v));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
        return switch (unit) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> throw new TypeConversionException("unknown unit in '" + value + "'");
        };
      } catch (RuntimeException e) {
        if (e instanceof TypeConversionException t) {
          throw t;
        }
        throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 30s, 5m, PT1H)");
      }
    }
  }

  /** A byte count: {@code 1048576}, {@code 512k}, {@code 16m}, {@code 1g} (powers of 1024). */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
      try {
        if (v.isEmpty()) {
          throw new NumberFormatException();
        }
        char unit = v.charAt(v.length() - 1);
        long factor = switch (unit) {
          case 'k' -> 1024L;
          case 'm' -> 1024L * 1024;
          case 'g' -> 1024L * 1024 * 1024;
          default -> 1;
        };
        String digits = factor == 1 ? v : v.substring(0, v.length() - 1).trim();
        return Math.multiplyExact(Long.parseLong(digits), factor);
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not a size (examples: 65536, 512k, 16m, 1g)");
      }
    }
  }
}
