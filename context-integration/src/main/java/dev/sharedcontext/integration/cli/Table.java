package dev.sharedcontext.integration.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row, a rule, then rows; numbers right-aligned, text left-aligned.
 * Key/value listings are tables without a header.
 */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** A two-column table without a header. */
  static Table keyValue() {
    return new Table();
  }

  Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  String render() {
    int columns = Math.max(headers.size(), rows.stream().mapToInt(List::size).max().orElse(0));
    int[] width = new int[columns];
    boolean[] numeric = new boolean[columns];
    java.util.Arrays.fill(numeric, true);
    for (int i = 0; i < headers.size(); i++) {
      width[i] = headers.get(i).length();
    }
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
        numeric[i] &= looksNumeric(r.get(i));
      }
    }
    StringBuilder out = new StringBuilder();
    if (!headers.isEmpty()) {
      line(out, headers, width, new boolean[columns]);
      List<String> rule = new ArrayList<>();
      for (int i = 0; i < columns; i++) {
        rule.add("-".repeat(width[i]));
      }
      line(out, rule, width, new boolean[columns]);
    }
    for (List<String> r : rows) {
      line(out, r, width, headers.isEmpty() ? new boolean[columns] : numeric);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] width, boolean[] right) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      l.append(right[i] ? pad + c : c + (i == cells.size() - 1 ? "" : pad));
      if (i < cells.size() - 1) {
        l.append("  ");
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }

  /** Digits with separators, a sign, a decimal point, a unit or percent sign: right-aligned. */
  private static boolean looksNumeric(String s) {
    return s.matches("[-+]?[0-9][0-9,.]*( ?[%A-Za-z]{1,3})?");
  }
}
