package dev.sharedcontext.examples;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays a real project history (a trace of {@code ../shared/data/traces}) through five agents
 * sharing one context on an embedded server, and prints what it measured: tokens delivered against
 * every agent receiving the full context at every version (o200k_base), bytes, compressed deltas
 * against {@code git diff -U0}, and whether every agent ends holding the trace's final digest.
 *
 * <p>Run from the repository root: {@code java -jar examples/target/examples.jar [trace] [--agents N]
 * [--url URL]} (traces: {@code sindresorhus__ky} (default), {@code spf13__cobra}; with {@code --url},
 * against a running server instead of an embedded one). Exit code 0 when every agent holds the
 * final digest, 1 otherwise.
 */
public final class TraceDemo {

  private TraceDemo() {}

  public static void main(String[] args) throws Exception {
    String name = "sindresorhus__ky";
    int agents = 5;
    URI url = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--agents") && i + 1 < args.length) {
        agents = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--url") && i + 1 < args.length) {
        url = URI.create(args[++i]);
      } else if (args[i].startsWith("--")) {
        System.err.println("usage: TraceDemo [" + String.join("|", Trace.NAMES) + "] [--agents N] [--url URL]");
        System.exit(2);
      } else {
        name = args[i];
      }
    }
    System.exit(run(name, agents, url, System.out) ? 0 : 1);
  }

  /**
   * Runs the demo against the server at {@code url}, or an embedded one when null; true if every
   * agent ends holding the trace's final digest.
   */
  static boolean run(String traceName, int agentCount, URI url, PrintStream out) throws InterruptedException {
    long t0 = System.nanoTime();
    Trace trace = Trace.load(traceName);
    TokenCounter counter = TokenCounter.bpe(); // o200k_base, as every figure of the project
    out.printf(Locale.ROOT, "Trace %s (%s): %d versions of %d files, %d agents%n", trace.name(),
        trace.meta().path("repo").asText(), trace.size(), trace.metaLong("files"), agentCount);
    SharedContextServer embedded = url == null ? SharedContextServer.builder().port(0).build().start() : null;
    URI uri = url == null ? embedded.uri() : url;
    // A running server may hold an earlier run's project: each run on one gets a project of its own.
    String project = "demo-" + traceName + (url == null ? "" : "-" + Long.toString(System.currentTimeMillis(), 36));
    try {
      DeltaSizes deltas = new DeltaSizes();
      List<AgentTally> tallies = new ArrayList<>();
      List<SharedContextClient> clients = new ArrayList<>();
      try {
        for (int a = 0; a < agentCount; a++) {
          AgentTally tally = new AgentTally("agent-" + (a + 1), counter, v -> document(trace, (int) v - 1),
              a == 0 ? deltas : null);
          tallies.add(tally);
          clients.add(SharedContextClient.builder().uri(uri).projectId(project).agentId(tally.agentId())
              .listener(tally).build());
        }
        for (AgentTally t : tallies) {
          if (!t.awaitConnected(10_000)) {
            throw new IllegalStateException(t.agentId() + "'s stream did not open within 10 s");
          }
        }
        out.printf(Locale.ROOT, "%s server at %s, project %s, %d agents subscribed (trace loaded and all started in %d ms)%n%n",
            embedded != null ? "Embedded" : "Running", uri, project, agentCount, (System.nanoTime() - t0) / 1_000_000);
        long replayStart = System.nanoTime();
        Naive naive = replay(trace, clients, counter, tallies, out);
        boolean allThere = true;
        for (AgentTally t : tallies) {
          allThere &= t.awaitVersion(trace.size(), 60_000);
        }
        long replayNanos = System.nanoTime() - replayStart;
        return new DemoReport(trace, tallies, clients, deltas, naive, replayNanos, allThere).print(out);
      } finally {
        clients.forEach(SharedContextClient::close);
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** What delivering the full context to every agent at every version would have cost. */
  record Naive(long tokens, long bytes) {}

  /** Commits every version, round-robin over the agents; returns the naive cost. */
  private static Naive replay(Trace trace, List<SharedContextClient> clients, TokenCounter counter,
      List<AgentTally> tallies, PrintStream out) {
    int n = clients.size();
    ProgressBar bar = new ProgressBar(out, trace.size());
    ContextDocument previous = document(trace, 0);
    clients.get(0).setContext(previous); // server version 1 = trace version 0
    long naive = counter.count(previous) * n;
    long naiveBytes = (long) previous.sizeBytes() * n;
    for (int v = 1; v < trace.size(); v++) {
      ContextDocument next = document(trace, v);
      // Version v of the trace is server version v + 1, so the patch is based on server version v.
      clients.get(v % n).update(v, Patch.diff(previous, next));
      naive += counter.count(next) * n;
      naiveBytes += (long) next.sizeBytes() * n;
      previous = next;
      long delivered = tallies.stream().mapToLong(AgentTally::tokens).sum();
      long naiveSoFar = naive;
      bar.show(v + 1, () -> String.format(Locale.ROOT, "versions | delivered %,d tokens vs naive %,d", delivered,
          naiveSoFar));
    }
    bar.finish();
    return new Naive(naive, naiveBytes);
  }

  static ContextDocument document(Trace trace, int version) {
    return ContextDocument.of(TraceContexts.toJson(trace.version(version).state()));
  }
}
