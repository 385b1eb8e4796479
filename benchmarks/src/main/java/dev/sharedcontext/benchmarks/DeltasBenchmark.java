package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * T2 in isolation (BENCHMARKS.md; issue 2): for each trace, the patch between every pair of
 * consecutive versions, JSON-encoded, against the meta file's {@code git diff --unified=0} sums;
 * the same gzip-compressed (each patch on its own, level 9, as the anchor was made); and tokens of
 * the patches against tokens of the full contexts. Every patch is applied to a copy rebuilt from
 * patches alone, and the final state's digest is checked against the meta file.
 */
final class DeltasBenchmark {
  static final double RAW_TARGET = 0.7;
  static final double GZIP_TARGET = 1.0;

  private DeltasBenchmark() {}

  static BenchmarkResult run(String[] args) {
    Options options = Options.parse(args);
    TokenCounter tokens = TokenCounter.bpe();
    Table table = new Table("deltas: patches between consecutive versions vs git diff -U0 (tokens: o200k_base)",
        "trace", "versions", "patch B", "git -U0 B", "ratio<=0.70", "patch gz B", "git gz B", "ratio<=1.00",
        "patch tok", "full tok", "tok saved", "ms/diff", "lossless");
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    ArrayNode traces = figures.putArray("traces");
    boolean met = true;
    for (String name : Trace.NAMES) {
      Trace trace = options.load(name);
      long patchBytes = 0;
      long patchGzip = 0;
      long patchTokens = 0;
      long fullTokens = 0;
      long diffNanos = 0;
      boolean lossless = true;
      ContextDocument previous = TraceDocuments.toDocument(trace.version(0).state());
      ContextDocument rebuilt = previous;
      for (int v = 1; v < trace.size(); v++) {
        ContextDocument next = TraceDocuments.toDocument(trace.version(v).state());
        long t0 = System.nanoTime();
        Patch patch = Patch.diff(previous, next);
        diffNanos += System.nanoTime() - t0;
        byte[] json = patch.toJson().getBytes(StandardCharsets.UTF_8);
        patchBytes += json.length;
        patchGzip += gzip9(json).length;
        patchTokens += tokens.count(patch);
        fullTokens += tokens.count(next);
        rebuilt = Patch.parse(patch.toJson()).apply(rebuilt);
        lossless &= rebuilt.hash().equals(next.hash());
        previous = next;
      }
      lossless &= TraceDigest.of(TraceDocuments.toState(rebuilt)).equals(trace.metaText("sha256_last"));
      long gitRaw = trace.metaLong("git_diff_unified0_bytes_sum");
      long gitGzip = trace.metaLong("git_diff_unified0_gzip_bytes_sum");
      double rawRatio = (double) patchBytes / gitRaw;
      double gzipRatio = (double) patchGzip / gitGzip;
      double saved = 1 - (double) patchTokens / fullTokens;
      double msPerDiff = diffNanos / 1e6 / (trace.size() - 1);
      met &= rawRatio <= RAW_TARGET && gzipRatio <= GZIP_TARGET && lossless;
      table.row(name, trace.size(), patchBytes, gitRaw, String.format("%.3f", rawRatio), patchGzip, gitGzip,
          String.format("%.3f", gzipRatio), patchTokens, fullTokens, String.format("%.2f%%", saved * 100),
          String.format("%.2f", msPerDiff), lossless ? "yes" : "NO");
      ObjectNode t = traces.addObject();
      t.put("trace", name);
      t.put("versions", trace.size());
      t.put("patchBytes", patchBytes);
      t.put("gitDiffUnified0Bytes", gitRaw);
      t.put("rawRatio", rawRatio);
      t.put("rawTarget", RAW_TARGET);
      t.put("patchGzipBytes", patchGzip);
      t.put("gitDiffUnified0GzipBytes", gitGzip);
      t.put("gzipRatio", gzipRatio);
      t.put("gzipTarget", GZIP_TARGET);
      t.put("patchTokens", patchTokens);
      t.put("fullContextTokens", fullTokens);
      t.put("tokenReduction", saved);
      t.put("msPerDiff", msPerDiff);
      t.put("lossless", lossless);
    }
    return new BenchmarkResult("deltas", table, figures, met, options.out());
  }

  static byte[] gzip9(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
