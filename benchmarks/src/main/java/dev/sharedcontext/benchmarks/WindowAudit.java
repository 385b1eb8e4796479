package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Phase two of the token economy (T3): the server's window of every version at each budget,
 * over HTTP. Each is recounted (exact, within budget), every reference is resolved through
 * {@code /ref} and compared with the trace's own content at that version, and the kept and left
 * out parts are checked against the priority rules: no part is kept while one of higher priority
 * is left out. The benchmark's recount of the tokens these answers saved is T4's second half.
 */
final class WindowAudit {
  static final int[] BUDGETS = {2_000, 8_000, 32_000};

  /** The figures of one budget over every version. */
  record Budget(int budget, int windows, int overBudget, int miscounted, long maxTokens, long sumTokens,
      int references, int exact, int priorityViolations) {}

  record Result(List<Budget> budgets, long recountSaved, long recountServed, JsonNode metricsBefore,
      JsonNode metricsAfter, double seconds) {}

  private WindowAudit() {}

  /** {@code documents.get(v - 1)} is project version {@code v}; {@code full[v]} its tokens. */
  static Result run(ServerHttp http, String project, List<ContextDocument> documents, long[] full, PriorityRules rules,
      TokenCounter counter) {
    JsonNode before = http.metrics();
    long t0 = System.nanoTime();
    long saved = 0;
    long served = 0;
    List<Budget> out = new ArrayList<>();
    for (int budget : BUDGETS) {
      int over = 0;
      int miscounted = 0;
      long max = 0;
      long sum = 0;
      int references = 0;
      int exact = 0;
      int violations = 0;
      for (int v = 1; v <= documents.size(); v++) {
        ContextDocument original = documents.get(v - 1);
        JsonNode w = http.get("/context/" + project + "/window?budget=" + budget + "&version=" + v).json();
        long tokens = w.get("tokens").asLong();
        over += tokens > budget ? 1 : 0;
        miscounted += counter.count(w) != tokens ? 1 : 0;
        max = Math.max(max, tokens);
        sum += tokens;
        served += tokens;
        saved += full[v] - tokens;
        for (JsonNode ref : w.get("references")) {
          references++;
          JsonNode value = http.get(ref.get("ref").asText()).json();
          long refTokens = counter.count(value);
          served += refTokens;
          saved -= refTokens;
          JsonNode expected = original.get(ref.get("path").asText()).orElse(null);
          if (expected != null && ContextDocument.of(value).equals(ContextDocument.of(expected))
              && refTokens == ref.get("tokens").asLong()) {
            exact++;
          }
        }
        violations += respectsPriorities(w.get("context"), original.toJsonNode(), rules) ? 0 : 1;
      }
      out.add(new Budget(budget, documents.size(), over, miscounted, max, sum, references, exact, violations));
    }
    return new Result(out, saved, served, before, http.metrics(), (System.nanoTime() - t0) / 1e9);
  }

  /** True if no kept part ranks below a part left out (every part of a referenced subtree counts). */
  static boolean respectsPriorities(JsonNode window, JsonNode original, PriorityRules rules) {
    int[] keptMin = {Integer.MAX_VALUE};
    int[] leftMax = {Integer.MIN_VALUE};
    walk(window, original, JsonPointer.ROOT, rules, keptMin, leftMax);
    return keptMin[0] >= leftMax[0];
  }

  private static void walk(JsonNode w, JsonNode o, JsonPointer path, PriorityRules rules, int[] keptMin, int[] leftMax) {
    if (w.isObject() && w.has("$ref") && !(o.isObject() && o.has("$ref"))) {
      leaves(o, path, rules, leftMax);
      return;
    }
    if (w.isObject() && !w.isEmpty()) {
      // The members an object leaves out may share one reference to the object, under "$rest".
      JsonNode rest = w.get("$rest");
      boolean shared = rest != null && rest.isObject() && rest.path("$ref").asText("-").equals(path.toString());
      for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!(shared && e.getKey().equals("$rest"))) {
          walk(e.getValue(), o.get(e.getKey()), path.append(e.getKey()), rules, keptMin, leftMax);
        }
      }
      if (shared) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!w.has(e.getKey())) {
            leaves(e.getValue(), path.append(e.getKey()), rules, leftMax);
          }
        }
      }
      return;
    }
    keptMin[0] = Math.min(keptMin[0], rules.priorityOf(path));
  }

  private static void leaves(JsonNode o, JsonPointer path, PriorityRules rules, int[] leftMax) {
    if (o.isObject() && !o.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        leaves(e.getValue(), path.append(e.getKey()), rules, leftMax);
      }
      return;
    }
    leftMax[0] = Math.max(leftMax[0], rules.priorityOf(path));
  }
}
