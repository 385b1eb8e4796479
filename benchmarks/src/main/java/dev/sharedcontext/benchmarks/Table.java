package dev.sharedcontext.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned figures. */
final class Table {
  private final String title;
  private final List<String[]> rows = new ArrayList<>();

  Table(String title, String... header) {
    this.title = title;
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = String.valueOf(cells[i]);
    }
    rows.add(r);
    return this;
  }

  String render() {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols && i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder(title).append('\n');
    for (int ri = 0; ri < rows.size(); ri++) {
      String[] r = rows.get(ri);
      for (int i = 0; i < cols; i++) {
        String cell = i < r.length ? r[i] : "";
        String pad = " ".repeat(width[i] - cell.length());
        out.append(i == 0 ? cell + pad : "  " + pad + cell);
      }
      out.append('\n');
      if (ri == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    return out.toString();
  }
}
