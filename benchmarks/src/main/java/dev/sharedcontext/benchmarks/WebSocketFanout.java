package dev.sharedcontext.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SharedContext side of the fanout: JDK {@code java.net.http} WebSocket subscribers of one
 * project's stream (from its head, so no snapshot is sent), and commits of a one-line edit to its
 * 10 KB context by {@code POST /context/{id}/diff}. A commit counts as delivered when every
 * subscriber got the {@code context_update} of its version.
 *
 * <p>Subscribers are spread over two {@link HttpClient}s, each with one selector thread, as the
 * Redis side's Lettuce has two I/O threads on this machine.
 */
final class WebSocketFanout implements FanoutPeer {
  static final String PROJECT = "fan";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int CONNECT_BATCH = 100;

  private final EmbeddedServer server;
  private final List<HttpClient> clients = List.of(client(), client());
  private final HttpClient publisher = client();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final Receipts receipts = new Receipts();
  private long version;
  private volatile int messageBytes;

  WebSocketFanout(EmbeddedServer server) {
    this.server = server;
    this.version = server.seed(PROJECT, SyntheticContext.document(10 * 1024));
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  }

  @Override
  public void grow(int total) {
    while (sockets.size() < total) {
      List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
      for (int i = 0; i < Math.min(CONNECT_BATCH, total - sockets.size()); i++) {
        int n = sockets.size() + i;
        batch.add(clients.get(n % clients.size()).newWebSocketBuilder().connectTimeout(TIMEOUT)
            .buildAsync(server.stream(PROJECT, "agent-" + n, version), new Listener()));
      }
      for (CompletableFuture<WebSocket> f : batch) {
        sockets.add(f.join());
      }
    }
    // A subscriber is registered before its handshake answers, but starts its feed just after:
    // one delivery to all proves every one of them is listening.
    deliverOne();
  }

  @Override
  public long deliverOne() {
    long next = version + 1;
    Receipts.Round round = receipts.begin(next, sockets.size());
    HttpRequest request = HttpRequest.newBuilder(server.diff(PROJECT)).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(SyntheticContext.diffBody(next))).build();
    CompletableFuture<HttpResponse<String>> reply = publisher.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    long nanos = round.await(TIMEOUT);
    HttpResponse<String> response = reply.join();
    if (response.statusCode() != 200 || !response.body().contains("\"version\":" + next + ",")) {
      throw new BenchmarkException("commit " + next + " answered " + response.statusCode() + ": " + response.body());
    }
    version = next;
    return nanos;
  }

  @Override
  public int messageBytes() {
    return messageBytes;
  }

  @Override
  public void close() {
    for (WebSocket ws : sockets) {
      ws.abort();
    }
    sockets.clear();
  }

  /** The {@code version} member of a {@code context_update}; -1 for any other message. */
  static long versionOf(CharSequence message) {
    String m = message.toString();
    if (!m.contains("\"type\":\"context_update\"")) {
      return -1;
    }
    int at = m.indexOf("\"version\":");
    if (at < 0) {
      return -1;
    }
    int i = at + "\"version\":".length();
    long v = 0;
    while (i < m.length() && Character.isDigit(m.charAt(i))) {
      v = v * 10 + (m.charAt(i++) - '0');
    }
    return v;
  }

  /** One subscriber: reassembles fragmented messages and reports each update's version. */
  private final class Listener implements WebSocket.Listener {
    private StringBuilder partial;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (!last) {
        (partial == null ? partial = new StringBuilder() : partial).append(data);
      } else {
        CharSequence message = partial == null ? data : partial.append(data);
        partial = null;
        long v = versionOf(message);
        if (v > 0) {
          messageBytes = message.length(); // ASCII: characters are bytes
          receipts.received(v);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
