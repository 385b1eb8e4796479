package dev.sharedcontext.integration.cli;

import java.util.Locale;

/** How the command prints numbers, sizes, ratios and durations. */
final class Format {
  private Format() {}

  /** {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}, {@code 1.1 GiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 97.3 %} of a fraction in [0, 1]. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
  }

  /** {@code 2.31x}. */
  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2fx", r);
  }

  /** {@code 3d 04h 05m 06s}, {@code 5m 06s}, {@code 6s}. */
  static String uptime(long seconds) {
    if (seconds < 0) {
      return "?";
    }
    long d = seconds / 86_400;
    long h = seconds / 3600 % 24;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    if (d > 0) {
      return String.format(Locale.ROOT, "%dd %02dh %02dm %02ds", d, h, m, s);
    }
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, s);
    }
    return m > 0 ? String.format(Locale.ROOT, "%dm %02ds", m, s) : s + "s";
  }
}
