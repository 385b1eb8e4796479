package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * One subscriber never reads while 10,000 updates flow to 50 others: the others get every
 * update in order, the stalled one's buffered bytes stay under the documented bound (high water
 * mark plus one message), and once it reads again it gets one catch-up to the head.
 */
class SlowConsumerIT {
  static final int READERS = 50;
  static final int UPDATES = 10_000;
  static final int WINDOW = 200;

  @Test
  void aStalledSubscriberNeitherGrowsMemoryNorDelaysTheOthers() throws Exception {
    ServerOptions options = Servers.testOptions().build();
    try (SharedContextServer server = Servers.start(options)) {
      String project = "slow";
      server.store().commit(project, CommitRequest.replace(ContextDocument.parse("{\"data\": \"\"}")));
      HttpClient client = HttpClient.newHttpClient();
      List<Counter> readers = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        Counter c = new Counter();
        client.newWebSocketBuilder().buildAsync(Servers.ws(server, "/context/" + project + "/stream"), c).join();
        readers.add(c);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> readers.stream().allMatch(c -> c.version == 1));
      try (RawSocket stalled = new RawSocket(server.port(), 4096)) {
        assertThat(stalled.upgrade("/context/" + project + "/stream").status()).isEqualTo(101);
        Random random = new Random(42);
        for (int v = 2; v <= UPDATES + 1; v++) {
          server.store().commit(project, CommitRequest.patch(Patch.of(
              new PatchOperation.Replace(JsonPointer.parse("/data"), new TextNode(randomText(random, 1000))))));
          if (v % 50 == 0) {
            long ahead = v;
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> ahead - min(readers) <= WINDOW);
          }
        }
        long head = UPDATES + 1;
        await().atMost(Duration.ofSeconds(60)).until(() -> min(readers) == head);
        for (Counter c : readers) {
          assertThat(c.errors).isEmpty();
          assertThat(c.updates).as("every update, one by one").isEqualTo(UPDATES);
        }

        JsonNode metrics = new Http(server.uri()).get("/metrics").json();
        long dropped = metrics.get("updatesDropped").asLong();
        long backlog = metrics.get("subscriberBacklogMaxBytes").asLong();
        long bound = options.writeBufferHighWaterMark() + 16 * 1024; // the high mark plus one message
        System.out.printf("slow consumer: %d updates dropped, max backlog %d bytes (bound %d)%n", dropped, backlog, bound);
        assertThat(dropped).as("the stalled subscriber's updates were dropped").isPositive();
        assertThat(backlog).isLessThanOrEqualTo(bound);

        // Reading again, the stalled one gets what was buffered, then one catch-up to the head
        // (a delta, or a snapshot when the store's history of 1000 versions no longer reaches).
        long version = -1;
        boolean sawCatchUp = false;
        while (version != head) {
          RawSocket.Frame f = stalled.readFrame();
          JsonNode m = Http.JSON.readTree(f.text());
          if (m.get("type").asText().equals("context_update")) {
            assertThat(m.get("baseVersion").asLong()).as("no gap").isEqualTo(version);
            sawCatchUp |= m.path("catchUp").asBoolean();
          } else {
            // A snapshot: the first message, or the catch-up when history no longer reaches back.
            assertThat(m.get("type").asText()).isEqualTo("context_snapshot");
            sawCatchUp |= version > 0;
          }
          version = m.get("version").asLong();
        }
        assertThat(sawCatchUp).isTrue();
        assertThat(new Http(server.uri()).get("/metrics").json().get("catchUps").asLong()).isPositive();
      } finally {
        readers.forEach(Counter::abort);
      }
    }
  }

  static long min(List<Counter> readers) {
    long min = Long.MAX_VALUE;
    for (Counter c : readers) {
      min = Math.min(min, c.version);
    }
    return min;
  }

  static String randomText(Random random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  /** Counts updates and checks their order by reading only the leading fields of each message. */
  static final class Counter implements WebSocket.Listener {
    final StringBuilder partial = new StringBuilder();
    final List<String> errors = new ArrayList<>();
    volatile long version = -1;
    volatile int updates;
    WebSocket ws;

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String m = partial.toString();
        partial.setLength(0);
        long v = number(m, "\"version\":");
        if (m.startsWith("{\"type\":\"context_update\"")) {
          long base = number(m, "\"baseVersion\":");
          if (base != version || v != version + 1) {
            errors.add("expected " + (version + 1) + " on " + version + ", got " + v + " on " + base);
          }
          updates++;
        }
        version = v;
      }
      webSocket.request(1);
      return null;
    }

    static long number(String m, String key) {
      int i = m.indexOf(key) + key.length();
      int j = i;
      while (Character.isDigit(m.charAt(j))) {
        j++;
      }
      return Long.parseLong(m.substring(i, j));
    }

    void abort() {
      if (ws != null) {
        ws.abort();
      }
    }
  }
}
