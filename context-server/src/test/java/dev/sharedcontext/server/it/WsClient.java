package dev.sharedcontext.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client that queues every JSON message it receives, and its close. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket ws;

  /** Connects to {@code uri} (ws://...) with optional header name/value pairs. */
  public static WsClient connect(URI uri, String... headers) {
    WsClient c = new WsClient();
    WebSocket.Builder b = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    c.ws = b.buildAsync(uri, c).join();
    return c;
  }

  /** Tries to connect; the failure (e.g. a refused upgrade) as the exception. */
  public static Throwable connectFailure(URI uri, String... headers) {
    try {
      connect(uri, headers).close();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(Http.JSON.readTree(partial.toString()));
      } catch (IOException e) {
        throw new IllegalStateException("server sent non-JSON: " + partial, e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  /** The next message, or a failure after {@code seconds}. */
  public JsonNode next(long seconds) {
    try {
      JsonNode m = messages.poll(seconds, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + seconds + " s");
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonNode next() {
    return next(10);
  }

  /** Skips messages until one matches; returns it. */
  public JsonNode until(Predicate<JsonNode> p) {
    while (true) {
      JsonNode m = next();
      if (p.test(m)) {
        return m;
      }
    }
  }

  /** Messages received and not yet taken. */
  public List<JsonNode> drain() {
    List<JsonNode> out = new ArrayList<>();
    messages.drainTo(out);
    return out;
  }

  public void send(String json) {
    ws.sendText(json, true).join();
  }

  public void sendBinary(byte[] bytes) {
    ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** The close status the server sent (or -1 on error), waiting up to {@code seconds}. */
  public int closeStatus(long seconds) {
    try {
      return closed.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("not closed within " + seconds + " s", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  public WebSocket socket() {
    return ws;
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    ws.abort();
  }
}
