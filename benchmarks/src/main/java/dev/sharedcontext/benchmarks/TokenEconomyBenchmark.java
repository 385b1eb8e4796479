package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.traces.Trace;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code token-economy} (BENCHMARKS.md, T1-T4; issue 6): every trace through a real server with
 * N agents (default 5) streaming, then the server's windows of every version at 2k, 8k and 32k
 * tokens. Tokens are o200k_base (jtokkit), recounted by the benchmark from what it received.
 */
final class TokenEconomyBenchmark {
  static final double T1_TARGET = 0.985;

  private TokenEconomyBenchmark() {}

  static BenchmarkResult run(String[] args) {
    Options options = Options.parse(args, List.of("agents"));
    int agents = options.number("agents", 5);
    if (agents < 1) {
      throw new IllegalArgumentException("--agents must be at least 1");
    }
    TokenCounter counter = TokenCounter.bpe();
    Table table = new Table("token-economy: " + agents + " streaming agents per trace, tokens o200k_base",
        "trace", "id", "measured", "against", "ratio", "target", "met");
    ObjectNode figures = BenchmarkResult.JSON.createObjectNode();
    figures.put("agents", agents);
    ArrayNode traces = figures.putArray("traces");
    boolean met = true;
    for (String name : Trace.NAMES) {
      Trace trace = options.load(name);
      List<ContextDocument> documents = new ArrayList<>();
      long[] full = new long[trace.size() + 1];
      for (int v = 0; v < trace.size(); v++) {
        documents.add(TraceDocuments.toDocument(trace.version(v).state()));
        full[v + 1] = counter.count(documents.get(v));
      }
      String project = name.substring(name.indexOf("__") + 2);
      try (EmbeddedServer server = EmbeddedServer.start()) {
        URI base = server.context(project).resolve("/");
        ServerHttp http = new ServerHttp(base);
        PriorityRules rules = setRules(http, project, trace);
        TraceReplay.Result replay = TraceReplay.run(base, project, trace, documents, agents);
        ReplayAccount account = ReplayAccount.of(replay, full, counter);
        WindowAudit.Result windows = WindowAudit.run(http, project, documents, full, rules, counter);
        ObjectNode t = traces.addObject();
        t.put("trace", name);
        t.put("versions", trace.size());
        met &= EconomyReport.add(table, t, name, trace, replay, account, windows);
        EconomyReport.compression(t, http, project);
        List<Map<String, String>> states = trace.versions().stream().map(Trace.Version::state).toList();
        ZstdDictionaryExperiment.run(table, project, t, replay.wire(), documents, states);
      }
    }
    return new BenchmarkResult("token-economy", table, figures, met, options.out());
  }

  /**
   * Ranks the trace's files for its windows, through the server's {@code PUT /rules}, as a team
   * might: the manifest ({@code package.json}, {@code go.mod}) 9, the README 7, test files 2,
   * everything else 3. Returns the effective rules the server answers with.
   */
  static PriorityRules setRules(ServerHttp http, String project, Trace trace) {
    ObjectNode body = BenchmarkResult.JSON.createObjectNode();
    ObjectNode rules = body.putObject("rules");
    Set<String> paths = new TreeSet<>();
    trace.versions().forEach(v -> paths.addAll(v.changed().keySet()));
    for (String p : paths) {
      String file = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if (file.equals("package.json") || file.equals("go.mod")) {
        rules.put(pointer(p), 9);
      } else if (file.equals("readme.md")) {
        rules.put(pointer(p), 7);
      } else if (p.startsWith("test/") || file.endsWith("_test.go") || file.contains(".test.")) {
        rules.put(pointer(p), 2);
      }
    }
    body.put("fallback", 3);
    JsonNode effective = http.put("/context/" + project + "/rules", body.toString()).json();
    Map<String, Integer> map = new LinkedHashMap<>();
    effective.get("rules").fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asInt()));
    return PriorityRules.of(map, effective.get("fallback").asInt());
  }

  private static String pointer(String file) {
    return "/files/" + JsonPointer.escape(file);
  }
}
