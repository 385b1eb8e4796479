package dev.sharedcontext.redis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.redis.RedisServer;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two server instances on one Redis, made from the Redis URI in their options: five agents, spread
 * over both, replay a real trace together (each committing its share through its own instance and
 * hearing the others' commits through Redis); all end on the trace's final digest, and the
 * shared history is the trace, version by version, with no version missing or doubled.
 */
class TwoServersIT {
  static final int AGENTS = 5;
  static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  static List<String> traces() {
    return Trace.NAMES;
  }

  @Test
  void theServerMakesItsRedisStoreFromTheUriAndRunsHandlersOffTheIoThreads() {
    ServerOptions options = RedisServers.options(redis).build();
    try (SharedContextServer a = RedisServers.start(options); SharedContextServer b = RedisServers.start(options)) {
      assertThat(a.store().getClass().getName()).isEqualTo("dev.sharedcontext.redis.internal.RedisStore");
      assertThat(a.options().handlerThreads()).isEqualTo(ServerOptions.DEFAULT_BLOCKING_STORE_HANDLER_THREADS);
      a.store().commit("p", CommitRequest.replace(ContextDocument.parse("{\"x\": 1}")));
      assertThat(b.store().head("p").orElseThrow().document()).isEqualTo(ContextDocument.parse("{\"x\": 1}"));
    }
    ServerOptions other = RedisServers.options(redis).build(); // another prefix: another world
    try (SharedContextServer c = RedisServers.start(other)) {
      assertThat(c.store().head("p")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("traces")
  void fiveAgentsOverTwoInstancesConvergeOnTheFinalDigest(String name) throws Exception {
    Trace trace = Trace.load(name);
    String project = "two-" + name.replace("__", "-");
    ServerOptions options = RedisServers.options(redis).build();
    try (SharedContextServer a = RedisServers.start(options); SharedContextServer b = RedisServers.start(options)) {
      List<URI> uris = new ArrayList<>();
      for (int agent = 0; agent < AGENTS; agent++) {
        uris.add((agent % 2 == 0 ? a : b).uri());
      }
      try (TraceAgents agents = new TraceAgents(trace, project, uris).start()) {
        agents.awaitDone();
        agents.assertConverged();
        for (int agent = 0; agent < AGENTS; agent++) {
          assertThat(agents.log(agent).count("resynced")).as("agent %d: no composed catch-up", agent).isZero();
        }
      }
      assertHistoryIsTheTrace(a, b, project, trace);
    }
  }

  /** Versions 1..N, each the trace's version before it, alike on both instances. */
  static void assertHistoryIsTheTrace(SharedContextServer a, SharedContextServer b, String project, Trace trace) {
    ContextVersion head = a.store().head(project).orElseThrow().version();
    assertThat(head.version()).isEqualTo(trace.size());
    assertThat(b.store().head(project).orElseThrow().version()).isEqualTo(head);
    List<ContextVersion> history = b.store().history(project, Integer.MAX_VALUE, Long.MAX_VALUE);
    assertThat(history).hasSize(trace.size());
    for (ContextVersion v : history) {
      String expected = ContextDocument.of(TraceContexts.toJson(trace.version((int) v.version() - 1).state())).hash();
      assertThat(v.hash()).as("version %d", v.version()).isEqualTo(expected);
    }
    assertThat(history.get(0).version()).isEqualTo(trace.size());
    assertThat(history.get(history.size() - 1).version()).isEqualTo(1);
  }
}
