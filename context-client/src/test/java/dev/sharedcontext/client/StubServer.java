package dev.sharedcontext.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted HTTP server on loopback, port 0, for unit tests of the client's HTTP side (the JDK's
 * {@code HttpServer}; it speaks no WebSocket). Replies are served in the order enqueued; every
 * request is recorded for {@link #takeRequest()}. Close is safe twice.
 */
public final class StubServer implements AutoCloseable {

  public record Recorded(String method, String target, Headers headers, String body) {}

  /** A reply; {@code hang} holds the exchange open until the server closes. */
  public record Reply(int status, Map<String, String> headers, byte[] body, boolean hang) {
    public static Reply json(int status, String json) {
      return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8),
          false);
    }

    public static Reply hanging() {
      return new Reply(200, Map.of(), new byte[0], true);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static StubServer start() {
    try {
      return new StubServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public StubServer enqueue(int status, String json) {
    replies.add(Reply.json(status, json));
    return this;
  }

  public StubServer enqueue(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** The next request received, waiting up to 5 s. */
  public Recorded takeRequest() throws InterruptedException {
    Recorded r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 5 s");
    }
    return r;
  }

  public int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        exchange.getRequestHeaders(), body));
    Reply reply = replies.poll();
    if (reply == null) {
      reply = Reply.json(500, "{\"error\":\"no reply scripted\",\"code\":\"STUB\",\"statusCode\":500}");
    }
    if (reply.hang()) {
      try {
        closing.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    boolean empty = reply.body().length == 0;
    exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
