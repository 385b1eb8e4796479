package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceDigest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase one of the token economy: a trace replayed through a real server. Agents (real
 * {@link SharedContextClient}s, streaming) subscribe before the first commit; a writer client
 * commits every version of the trace with {@code setContext} (it sends the diff) once every agent
 * holds the one before; a {@link WireObserver} subscribes beside them and records the bytes on the
 * wire. Afterwards every agent's copy is checked against the trace's final digest.
 */
final class TraceReplay {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** What the replay produced: the agents' records, the observer's messages, the server's figures. */
  record Result(List<AgentRecorder> agents, List<WireObserver.Message> wire, boolean lossless,
      JsonNode metricsBefore, JsonNode metricsAfter, double seconds) {}

  private TraceReplay() {}

  /**
   * Replays {@code trace} into project {@code project}.
   *
   * @param documents the trace's versions as contexts (version {@code v} of the trace becomes
   *     version {@code v + 1} of the project)
   */
  static Result run(URI base, String project, Trace trace, List<ContextDocument> documents, int agents) {
    List<SharedContextClient> clients = new ArrayList<>();
    List<AgentRecorder> recorders = new ArrayList<>();
    ServerHttp http = new ServerHttp(base);
    try (WireObserver observer = WireObserver.connect(URI.create(base.toString().replaceFirst("^http", "ws")
        + "context/" + project + "/stream?agentId=wire-observer"));
        SharedContextClient writer = SharedContextClient.builder().uri(base).projectId(project).agentId("writer")
            .streaming(false).build()) {
      for (int a = 1; a <= agents; a++) {
        AgentRecorder r = new AgentRecorder();
        recorders.add(r);
        clients.add(SharedContextClient.builder().uri(base).projectId(project).agentId("agent-" + a).listener(r)
            .build());
      }
      recorders.forEach(r -> r.await(0, WAIT)); // every stream open before the first commit
      JsonNode before = http.metrics();
      long t0 = System.nanoTime();
      for (int v = 0; v < documents.size(); v++) {
        long version = writer.setContext(documents.get(v)).version();
        if (version != v + 1) {
          throw new BenchmarkException("trace version " + v + " became project version " + version);
        }
        for (AgentRecorder r : recorders) {
          r.await(version, WAIT);
        }
        observer.await(version, WAIT.toSeconds());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      JsonNode after = http.metrics();
      String expected = trace.metaText("sha256_last");
      boolean lossless = true;
      for (SharedContextClient c : clients) {
        ContextDocument held = c.cached().orElseThrow().document();
        lossless &= TraceDigest.of(TraceDocuments.toState(held)).equals(expected);
      }
      return new Result(recorders, observer.messages(), lossless, before, after, seconds);
    } finally {
      clients.forEach(SharedContextClient::close);
    }
  }
}
