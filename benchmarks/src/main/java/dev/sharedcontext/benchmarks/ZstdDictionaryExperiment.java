package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictTrainer;
import dev.sharedcontext.core.ContextDocument;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optional "context-specific compression" of issue 6, measured and not shipped unless it
 * pays: a zstd dictionary trained on a project's earlier versions (the first half of the trace),
 * against plain zstd, both at level 3, on the later half. Two payloads: the update messages the
 * stream sent (each compressed on its own, as an HTTP answer would be; permessage-deflate's
 * bytes for the same messages beside them), and whole snapshots (every tenth version), with a
 * dictionary trained on the file contents of the earlier versions.
 */
final class ZstdDictionaryExperiment {
  static final int DICTIONARY_BYTES = 112 * 1024;
  static final int LEVEL = 3;

  private ZstdDictionaryExperiment() {}

  /** The figures, under {@code t.zstdDictionary}; one table row per payload. */
  static void run(Table table, String trace, ObjectNode t, List<WireObserver.Message> wire,
      List<ContextDocument> documents, List<Map<String, String>> states) {
    int half = documents.size() / 2;
    ObjectNode out = t.putObject("zstdDictionary");
    out.put("dictionaryBytes", DICTIONARY_BYTES);
    out.put("level", LEVEL);

    ZstdDictTrainer updates = new ZstdDictTrainer(64 * 1024 * 1024, DICTIONARY_BYTES);
    long raw = 0;
    long plain = 0;
    long dictionary = 0;
    long deflate = 0;
    List<WireObserver.Message> messages = wire.stream()
        .filter(m -> m.json().path("type").asText().equals("context_update")).toList();
    for (WireObserver.Message m : messages) {
      if (m.json().path("version").asInt() <= half) {
        updates.addSample(m.text());
      }
    }
    byte[] dict = updates.trainSamples();
    for (WireObserver.Message m : messages) {
      if (m.json().path("version").asInt() > half) {
        raw += m.text().length;
        plain += Zstd.compress(m.text(), LEVEL).length;
        dictionary += Zstd.compressUsingDict(m.text(), dict, LEVEL).length;
        deflate += m.wireBytes();
      }
    }
    row(table, trace, "updates", out.putObject("updates"), raw, plain, dictionary, dict.length);
    out.with("updates").put("permessageDeflateBytes", deflate);

    Set<String> contents = new LinkedHashSet<>();
    for (int v = 0; v < half; v++) {
      contents.addAll(states.get(v).values());
    }
    ZstdDictTrainer files = new ZstdDictTrainer(256 * 1024 * 1024, DICTIONARY_BYTES);
    contents.forEach(c -> files.addSample(c.getBytes(StandardCharsets.UTF_8)));
    byte[] fileDict = files.trainSamples();
    long snapRaw = 0;
    long snapPlain = 0;
    long snapDict = 0;
    for (int v = half; v < documents.size(); v += 10) {
      byte[] snapshot = documents.get(v).canonicalBytes();
      snapRaw += snapshot.length;
      snapPlain += Zstd.compress(snapshot, LEVEL).length;
      snapDict += Zstd.compressUsingDict(snapshot, fileDict, LEVEL).length;
    }
    row(table, trace, "snapshots", out.putObject("snapshots"), snapRaw, snapPlain, snapDict, fileDict.length);
  }

  private static void row(Table table, String trace, String what, ObjectNode o, long raw, long plain, long dict,
      int dictBytes) {
    o.put("bytes", raw);
    o.put("zstdBytes", plain);
    o.put("zstdWithDictionaryBytes", dict);
    o.put("trainedDictionaryBytes", dictBytes);
    o.put("dictionaryGain", 1 - (double) dict / plain);
    table.row(trace, "zstd dict " + what, dict + " B with dictionary", plain + " B plain zstd (of " + raw + ")",
        EconomyReport.fmt((double) dict / plain), "(info)", "");
  }
}
