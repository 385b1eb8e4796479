package dev.sharedcontext.redis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.client.Backoff;
import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import dev.sharedcontext.traces.TraceDigest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Agents replaying a real project history together, each through its own client and server URI:
 * trace version {@code v} (project version {@code v + 1}) is committed by agent
 * {@code v % agents} with {@code setContext} of the whole working set (the client sends the
 * diff), once that agent's stream brought it version {@code v}. A commit whose answer is lost
 * (its server went away) is not sent twice: the agent waits for its stream to show whether it
 * landed, and sends it again only if it did not.
 */
final class TraceAgents implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(90);

  private final Trace trace;
  private final List<SharedContextClient> clients = new ArrayList<>();
  private final List<VersionLog> logs = new ArrayList<>();
  private final ExecutorService pool;
  private final List<Future<?>> runs = new ArrayList<>();

  TraceAgents(Trace trace, String project, List<URI> uris) {
    this.trace = trace;
    this.pool = Executors.newFixedThreadPool(uris.size());
    for (int a = 0; a < uris.size(); a++) {
      VersionLog log = new VersionLog();
      logs.add(log);
      clients.add(SharedContextClient.builder().uri(uris.get(a)).projectId(project).agentId("agent-" + a)
          .backoff(Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(100), 2, Backoff.Jitter.EQUAL))
          .requestTimeout(Duration.ofSeconds(10)).listener(log).build());
    }
  }

  /** Starts every agent; returns at once. */
  TraceAgents start() {
    for (int a = 0; a < clients.size(); a++) {
      int agent = a;
      runs.add(pool.submit(() -> {
        for (int v = agent; v < trace.size(); v += clients.size()) {
          commit(agent, v);
        }
        return null;
      }));
    }
    return this;
  }

  private void commit(int agent, int v) throws InterruptedException {
    VersionLog log = logs.get(agent);
    ContextDocument doc = ContextDocument.of(TraceContexts.toJson(trace.version(v).state()));
    while (true) {
      log.awaitVersion(v, WAIT);
      if (log.version() > v) {
        return; // landed, though its answer was lost
      }
      try {
        CommitReceipt r = clients.get(agent).setContext(doc);
        assertThat(r.version()).isEqualTo(v + 1L);
        return;
      } catch (ConnectionException | ContextTimeoutException | VersionConflictException e) {
        // The server went away mid-request, or the commit landed and its answer was lost (then the
        // retry conflicts with it): the stream tells which.
        log.reached(v + 1, Duration.ofMillis(200));
      }
    }
  }

  /** Waits for every agent to have committed its share and to hold the last version. */
  void awaitDone() throws Exception {
    for (Future<?> run : runs) {
      run.get(3, TimeUnit.MINUTES);
    }
    for (VersionLog log : logs) {
      log.awaitVersion(trace.size(), WAIT);
    }
  }

  /** Every agent holds the trace's final digest and saw every version once, in order. */
  void assertConverged() {
    String expected = trace.metaText("sha256_last");
    for (int a = 0; a < clients.size(); a++) {
      ContextDocument doc = clients.get(a).cached().orElseThrow().document();
      assertThat(TraceDigest.of(TraceContexts.toState(doc.toJsonNode()))).as("agent %d", a).isEqualTo(expected);
      logs.get(a).assertContiguous();
    }
  }

  VersionLog log(int agent) {
    return logs.get(agent);
  }

  SharedContextClient client(int agent) {
    return clients.get(agent);
  }

  @Override
  public void close() {
    clients.forEach(SharedContextClient::close);
    pool.shutdownNow();
  }
}
