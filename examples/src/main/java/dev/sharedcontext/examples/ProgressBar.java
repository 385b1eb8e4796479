package dev.sharedcontext.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A progress bar redrawn in place ({@code \r}) on a terminal; without one (output piped to a file),
 * a line at every tenth instead, so logs stay readable.
 */
final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final long total;
  private final boolean terminal = System.console() != null;
  private int lastTenth = -1;

  ProgressBar(PrintStream out, long total) {
    this.out = out;
    this.total = total;
  }

  /** Draws {@code done} of the total, with {@code detail} after the bar. */
  synchronized void show(long done, Supplier<String> detail) {
    double f = total == 0 ? 1 : Math.min(1.0, (double) done / total);
    int tenth = (int) (f * 10);
    if (!terminal && tenth == lastTenth) {
      return;
    }
    lastTenth = tenth;
    int filled = (int) Math.round(f * WIDTH);
    String line = String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
        Math.round(f * 100), done, total, detail.get());
    if (terminal) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the bar's line. */
  synchronized void finish() {
    if (terminal) {
      out.println();
    }
  }
}
