package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.traces.Trace;
import java.net.http.HttpRequest;

/** The token-economy figures of one trace: table rows, JSON, and whether each target is met. */
final class EconomyReport {
  static final double RAW_TARGET = 0.7;
  static final double GZIP_TARGET = 1.0;

  private EconomyReport() {}

  static boolean add(Table table, ObjectNode t, String name, Trace trace, TraceReplay.Result replay,
      ReplayAccount a, WindowAudit.Result w) {
    String n = name.substring(name.indexOf("__") + 2);
    boolean t1 = a.reduction() >= TokenEconomyBenchmark.T1_TARGET && replay.lossless();
    table.row(n, "T1", a.deliveredTokens() + " tok delivered", a.fullContextTokens() + " tok full contexts",
        pct(a.reduction()) + " saved", ">= 98.50%, final digest", yes(t1) + (replay.lossless() ? "" : " (LOSSY)"));
    ObjectNode j1 = t.putObject("t1");
    j1.put("deliveredTokens", a.deliveredTokens());
    j1.put("fullContextTokens", a.fullContextTokens());
    j1.put("reduction", a.reduction());
    j1.put("target", TokenEconomyBenchmark.T1_TARGET);
    j1.put("everyAgentOnTheFinalDigest", replay.lossless());
    j1.put("resyncs", a.resyncs());
    j1.put("replaySeconds", replay.seconds());
    j1.put("met", t1);

    long gitRaw = trace.metaLong("git_diff_unified0_bytes_sum");
    long gitGzip = trace.metaLong("git_diff_unified0_gzip_bytes_sum");
    double raw = (double) a.rawBytes() / gitRaw;
    double deflate = (double) a.deflateBytes() / gitGzip;
    double gzip = (double) a.gzipBytes() / gitGzip;
    boolean t2 = raw <= RAW_TARGET && deflate <= GZIP_TARGET;
    table.row(n, "T2 raw", a.rawBytes() + " B of updates", gitRaw + " B git -U0", fmt(raw), "<= 0.70", yes(raw <= RAW_TARGET));
    table.row(n, "T2 deflate", a.deflateBytes() + " B on the wire", gitGzip + " B git -U0 gz", fmt(deflate), "<= 1.00",
        yes(deflate <= GZIP_TARGET));
    table.row(n, "T2 gzip/msg", a.gzipBytes() + " B gzip -9 each", gitGzip + " B git -U0 gz", fmt(gzip), "(info)", "");
    ObjectNode j2 = t.putObject("t2");
    j2.put("updateBytes", a.rawBytes());
    j2.put("gitDiffUnified0Bytes", gitRaw);
    j2.put("rawRatio", raw);
    j2.put("permessageDeflateWireBytes", a.deflateBytes());
    j2.put("perMessageGzip9Bytes", a.gzipBytes());
    j2.put("gitDiffUnified0GzipBytes", gitGzip);
    j2.put("deflateRatio", deflate);
    j2.put("perMessageGzipRatio", gzip);
    j2.put("met", t2);

    boolean t3 = true;
    ArrayNode j3 = t.putArray("t3");
    for (WindowAudit.Budget b : w.budgets()) {
      boolean ok = b.overBudget() == 0 && b.miscounted() == 0 && b.exact() == b.references() && b.priorityViolations() == 0;
      t3 &= ok;
      table.row(n, "T3 " + b.budget() / 1000 + "k", b.windows() + " windows, " + b.overBudget() + " over, mean "
          + b.sumTokens() / b.windows() + " / max " + b.maxTokens() + " tok", b.references() + " refs, " + b.exact()
          + " exact", b.priorityViolations() + " priority faults", "0 over, all exact", yes(ok));
      ObjectNode jb = j3.addObject();
      jb.put("budget", b.budget());
      jb.put("windows", b.windows());
      jb.put("overBudget", b.overBudget());
      jb.put("miscounted", b.miscounted());
      jb.put("maxTokens", b.maxTokens());
      jb.put("meanTokens", (double) b.sumTokens() / b.windows());
      jb.put("references", b.references());
      jb.put("resolvedExactly", b.exact());
      jb.put("priorityViolations", b.priorityViolations());
      jb.put("met", ok);
    }

    long streamSaved = ReplayAccount.delta(replay.metricsBefore(), replay.metricsAfter(), "tokensSaved");
    long streamServed = ReplayAccount.delta(replay.metricsBefore(), replay.metricsAfter(), "tokensServed");
    long windowSaved = ReplayAccount.delta(w.metricsBefore(), w.metricsAfter(), "tokensSaved");
    long windowServed = ReplayAccount.delta(w.metricsBefore(), w.metricsAfter(), "tokensServed");
    boolean t4a = streamSaved == a.recountSaved() && streamServed == a.recountServed() && a.resyncs() == 0;
    boolean t4b = windowSaved == w.recountSaved() && windowServed == w.recountServed();
    table.row(n, "T4 streams", "server saved " + streamSaved + ", served " + streamServed, "recount " + a.recountSaved()
        + ", " + a.recountServed(), "", "equal", yes(t4a));
    table.row(n, "T4 windows", "server saved " + windowSaved + ", served " + windowServed, "recount " + w.recountSaved()
        + ", " + w.recountServed(), "", "equal", yes(t4b));
    ObjectNode j4 = t.putObject("t4");
    j4.put("streamServerTokensSaved", streamSaved);
    j4.put("streamRecountTokensSaved", a.recountSaved());
    j4.put("streamServerTokensServed", streamServed);
    j4.put("streamRecountTokensServed", a.recountServed());
    j4.put("streamTokensSavedInMessages", a.reportedSaved());
    j4.put("windowServerTokensSaved", windowSaved);
    j4.put("windowRecountTokensSaved", w.recountSaved());
    j4.put("windowServerTokensServed", windowServed);
    j4.put("windowRecountTokensServed", w.recountServed());
    j4.put("windowAuditSeconds", w.seconds());
    j4.put("met", t4a && t4b);
    return t1 && t2 && t3 && t4a && t4b;
  }

  /** The head's snapshot in each coding, and the server's compression figures so far. */
  static void compression(ObjectNode t, ServerHttp http, String project) {
    ObjectNode c = t.putObject("compression");
    for (String coding : new String[] {"identity", "gzip", "deflate", "zstd"}) {
      ServerHttp.Answer a = http.send(HttpRequest.newBuilder(http.uri("/context/" + project))
          .header("Accept-Encoding", coding).GET());
      c.put("snapshot_" + coding + "_bytes", a.wireBytes());
    }
    JsonNode m = http.metrics();
    c.put("serverCompressionRatio", m.path("compressionRatio").asDouble());
    c.put("serverCompressionSaved", m.path("compressionSaved").asLong());
    c.put("serverBytesSent", m.path("bytesSent").asLong());
  }

  static String pct(double x) {
    return String.format("%.2f%%", x * 100);
  }

  static String fmt(double x) {
    return String.format("%.3f", x);
  }

  static String yes(boolean b) {
    return b ? "yes" : "NO";
  }
}
