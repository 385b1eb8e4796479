package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.store.internal.MemoryContextStore;
import dev.sharedcontext.traces.Trace;
import org.openjdk.jol.info.GraphLayout;

/**
 * P4 (BENCHMARKS.md; issue 3): the heap held by one project's full history in the memory store
 * (head document with its cached canonical bytes, every version's record and inverse patch),
 * measured by walking the object graph with JOL, against the sum of full copies of every version.
 */
final class HistoryMemoryBenchmark {
  static final long TARGET_BYTES = 3L * 1024 * 1024;

  private HistoryMemoryBenchmark() {}

  static BenchmarkResult run(String[] args) {
    // Records (the patch operations) have no Unsafe field offsets on JDK 17; JOL then needs its
    // own way of finding them. Must be set before JOL's first use.
    System.setProperty("jol.magicFieldOffset", "true");
    Options options = Options.parse(args);
    Table table = new Table("history-memory: heap held by a project's full history (memory store, JOL)",
        "trace", "versions", "retained", "history heap", "full copies", "ratio", "target<=3 MB");
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    ArrayNode traces = figures.putArray("traces");
    boolean met = true;
    for (String name : Trace.NAMES) {
      Trace trace = options.load(name);
      try (MemoryContextStore store = (MemoryContextStore) ContextStore.inMemory(StoreOptions.builder()
          .maxVersionsPerProject(10_000).build())) {
        long fullCopies = 0;
        for (Trace.Version v : trace.versions()) {
          ContextDocument doc = TraceDocuments.toDocument(v.state());
          fullCopies += doc.sizeBytes();
          store.commit(name, CommitRequest.replace(doc).by("replay"));
        }
        long retained = store.projects().get(0).versionsRetained();
        long heap = GraphLayout.parseInstance(store.footprintRoot(name)).totalSize();
        boolean ok = heap <= TARGET_BYTES && retained == trace.size();
        met &= ok;
        table.row(name, trace.size(), retained, mb(heap), mb(fullCopies),
            String.format("%.1f%%", 100.0 * heap / fullCopies), ok ? "yes" : "NO");
        ObjectNode t = traces.addObject();
        t.put("trace", name);
        t.put("versions", trace.size());
        t.put("versionsRetained", retained);
        t.put("historyHeapBytes", heap);
        t.put("fullCopiesBytes", fullCopies);
        t.put("targetBytes", TARGET_BYTES);
        t.put("met", ok);
      }
    }
    return new BenchmarkResult("history-memory", table, figures, met, options.out());
  }

  private static String mb(long bytes) {
    return String.format("%.2f MB", bytes / (1024.0 * 1024.0));
  }
}
