package dev.sharedcontext.redis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.client.Backoff;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.redis.RedisServer;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import dev.sharedcontext.traces.TraceDigest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One of two instances dies mid-run: its clients, behind a balancer that is re-pointed to the
 * survivor, reconnect there and resume from the version they hold, receiving every version after
 * it one by one (no gap, no duplicate, no snapshot, no composed catch-up), and the run completes
 * on the trace's final digest. A watcher of the dead instance stays cut off for
 * {@value #OFFLINE_VERSIONS} versions, far more than the survivor's recent frames, and resumes
 * from the survivor's history just as exactly.
 */
class FailoverIT {
  static final int AGENTS = 5;
  static final int KILL_AT = 60;
  static final int OFFLINE_VERSIONS = 150;

  @Test
  void theClientsOfAKilledInstanceResumeOnTheOtherWithoutAGap() throws Exception {
    Trace trace = Trace.load(Trace.NAMES.get(0));
    assertThat(trace.size()).isGreaterThan(KILL_AT + OFFLINE_VERSIONS);
    String project = "failover";
    try (RedisServer redis = RedisServer.start()) {
      ServerOptions options = RedisServers.options(redis).build();
      SharedContextServer a = RedisServers.start(options);
      VersionLog watched = new VersionLog();
      try (SharedContextServer b = RedisServers.start(options);
          TcpBalancer toA = new TcpBalancer(a.port());
          TcpBalancer toB = new TcpBalancer(b.port());
          TcpBalancer watcherToA = new TcpBalancer(a.port());
          SharedContextClient watcher = SharedContextClient.builder().uri(watcherToA.uri()).projectId(project)
              .agentId("watcher").backoff(Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(100), 2,
                  Backoff.Jitter.EQUAL)).listener(watched).build()) {
        List<URI> uris = new ArrayList<>();
        for (int agent = 0; agent < AGENTS; agent++) {
          uris.add(agent % 2 == 0 ? toA.uri() : toB.uri()); // agents 0, 2, 4 on A
        }
        try (TraceAgents agents = new TraceAgents(trace, project, uris).start()) {
          agents.log(1).awaitVersion(KILL_AT, TraceAgents.WAIT);
          long connectionsBefore = toA.connections();
          long headAtKill = b.store().head(project).orElseThrow().version().version();
          // The crash: A's connections drop mid-stream, the balancer sends A's address to B, A is gone.
          watcherToA.pointTo(closedPort());
          toA.pointTo(b.port());
          toA.cutAll();
          watcherToA.cutAll();
          a.close();
          long watcherAtKill = watched.version();
          agents.log(1).awaitVersion(headAtKill + OFFLINE_VERSIONS, TraceAgents.WAIT);
          assertThat(watched.version()).as("the watcher is cut off").isEqualTo(watcherAtKill);
          watcherToA.pointTo(b.port());

          agents.awaitDone();
          agents.assertConverged();
          for (int agent = 0; agent < AGENTS; agent += 2) {
            assertExactResume("agent " + agent, agents.log(agent));
          }
          assertThat(toA.connections()).isGreaterThan(connectionsBefore);
          assertThat(headAtKill).as("killed mid-run").isBetween((long) KILL_AT, trace.size() - 1L);
        }
        watched.awaitVersion(trace.size(), TraceAgents.WAIT);
        assertExactResume("watcher", watched);
        assertThat(TraceDigest.of(TraceContexts.toState(watcher.cached().orElseThrow().document().toJsonNode())))
            .isEqualTo(trace.metaText("sha256_last"));
        TwoServersIT.assertHistoryIsTheTrace(b, b, project, trace);
      } finally {
        a.close();
      }
    }
  }

  static void assertExactResume(String who, VersionLog log) {
    log.assertContiguous();
    assertThat(log.connects()).as("%s reconnected", who).isGreaterThanOrEqualTo(2);
    assertThat(log.count("resynced")).as("%s: no composed catch-up", who).isZero();
    assertThat(log.count("snapshot")).as("%s: no snapshot after the first", who).isLessThanOrEqualTo(1);
  }

  /** A loopback port nobody listens on: connections to it are refused. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
