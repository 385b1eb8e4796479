package dev.sharedcontext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Five agents replay a real project history together: version {@code v} of the trace is
 * committed by agent {@code v % 5}, with {@code setContext} of the whole working set (the
 * client sends only the diff), once that agent's stream has brought it version {@code v - 1}.
 * Every agent must end holding the trace's final digest, having seen every version in order.
 * Beside them, a 2,000-token window subscription follows the whole history (its windows show a
 * few files and one shared reference to the rest): every window it builds from the server's
 * patches must check out against the server's hash, and the last must equal {@code GET /window}.
 */
class TraceReplayIT {
  private static final int AGENTS = 5;
  private static final int WINDOW_BUDGET = 2_000;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> traces() {
    return Trace.NAMES;
  }

  static ContextDocument filesDocument(Map<String, String> state) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode files = root.putObject("files");
    state.forEach(files::put);
    return ContextDocument.of(root);
  }

  static Map<String, String> files(ContextDocument document) {
    Map<String, String> out = new TreeMap<>();
    JsonNode files = document.get("/files").orElseThrow();
    for (Map.Entry<String, JsonNode> e : files.properties()) {
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("traces")
  void fiveAgentsConvergeOnTheFinalDigest(String name) throws Exception {
    Trace trace = Trace.load(name);
    String project = "trace-" + name.replace("__", "-");
    List<SharedContextClient> clients = new ArrayList<>();
    List<EventLog> logs = new ArrayList<>();
    ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
    try (TestServer server = new TestServer(ContextStore.inMemory())) {
      for (int a = 0; a < AGENTS; a++) {
        EventLog log = new EventLog();
        logs.add(log);
        clients.add(SharedContextClient.builder().uri(server.uri()).projectId(project).agentId("agent-" + a)
            .backoff(Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(100), 2, Backoff.Jitter.EQUAL))
            .listener(log).build());
      }
      List<Window> windows = new CopyOnWriteArrayList<>();
      List<ContextException> windowErrors = new CopyOnWriteArrayList<>();
      WindowSubscription view = clients.get(0).subscribeWindow(WINDOW_BUDGET, new WindowListener() {
        @Override
        public void onWindow(Window window) {
          windows.add(window);
        }

        @Override
        public void onError(ContextException error) {
          windowErrors.add(error);
        }
      });
      List<Future<?>> runs = new ArrayList<>();
      for (int a = 0; a < AGENTS; a++) {
        int agent = a;
        runs.add(agents.submit(() -> {
          for (int v = agent; v < trace.size(); v += AGENTS) {
            // Trace version v becomes project version v + 1: wait until this agent holds version v.
            logs.get(agent).awaitVersion(v, WAIT);
            CommitReceipt r = clients.get(agent).setContext(filesDocument(trace.version(v).state()));
            assertThat(r.version()).isEqualTo(v + 1L);
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(2, TimeUnit.MINUTES);
      }
      String expected = trace.metaText("sha256_last");
      for (int a = 0; a < AGENTS; a++) {
        logs.get(a).awaitVersion(trace.size(), WAIT);
        assertThat(TraceDigest.of(files(clients.get(a).cached().orElseThrow().document())))
            .as("agent %d", a).isEqualTo(expected);
        logs.get(a).assertContiguous();
      }
      await().atMost(WAIT).until(() -> view.version() == trace.size());
      assertThat(windowErrors).as("window resyncs").isEmpty();
      Window last = view.window().orElseThrow();
      Window asked = clients.get(0).window(WINDOW_BUDGET);
      assertThat(last.context()).isEqualTo(asked.context());
      assertThat(last.references()).isEqualTo(asked.references());
      assertThat(last.tokens()).isEqualTo(asked.tokens()).isLessThanOrEqualTo(WINDOW_BUDGET);
      assertThat(last.context().get("/files/$rest")).as("a shared reference to the files not shown").isPresent();
      assertThat(windows).extracting(Window::tokens).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(WINDOW_BUDGET));
    } finally {
      clients.forEach(SharedContextClient::close);
      agents.shutdownNow();
    }
  }
}
