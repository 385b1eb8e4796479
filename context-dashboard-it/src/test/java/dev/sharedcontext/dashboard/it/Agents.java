package dev.sharedcontext.dashboard.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agents the dashboard watches: commits over HTTP and subscribers on the WebSocket stream, so
 * that the server really delivers deltas (tokens served and saved) while the page looks on.
 */
final class Agents implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;
  private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
  final AtomicLong messages = new AtomicLong();
  /** Subscriptions the server ended, with why; a test may require none. */
  final List<String> closed = new CopyOnWriteArrayList<>();

  /** @param token a bearer token for every request, or null */
  Agents(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Replaces the project's context: {@code PUT /context/{id}}; returns the answer's JSON. */
  JsonNode put(String project, JsonNode context, String agent) {
    ObjectNode body = JSON.createObjectNode();
    body.set("context", context);
    body.put("agentId", agent);
    return send("PUT", "/context/" + project, body.toString(), 200, 201);
  }

  /** One RFC 6902 replace, rebased when it does not overlap: {@code POST /context/{id}/diff}. */
  JsonNode replace(String project, String path, String value, String agent) {
    ObjectNode op = JSON.createObjectNode().put("op", "replace").put("path", path).put("value", value);
    ObjectNode body = JSON.createObjectNode().put("agentId", agent);
    body.putArray("patch").add(op);
    return send("POST", "/context/" + project + "/diff", body.toString(), 200);
  }

  /** Deletes the project: {@code DELETE /context/{id}}. */
  void delete(String project) {
    send("DELETE", "/context/" + project, null, 200);
  }

  /** A commit based on {@code baseVersion} that overlaps a later one: the server answers 409. */
  void conflict(String project, String path, long baseVersion, String agent) {
    ObjectNode op = JSON.createObjectNode().put("op", "replace").put("path", path).put("value", "stale");
    ObjectNode body = JSON.createObjectNode().put("agentId", agent).put("baseVersion", baseVersion);
    body.putArray("patch").add(op);
    send("POST", "/context/" + project + "/diff", body.toString(), 409);
  }

  /**
   * Reads the whole context gzip-compressed, as a late-joining agent does (a snapshot-cache hit
   * after the first); the body is not looked at.
   */
  void read(String project) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/context/" + project)).timeout(Duration.ofSeconds(20))
        .header("Accept-Encoding", "gzip");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      int status = http.send(b.build(), BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new AssertionError("GET /context/" + project + " answered " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Subscribes {@code agent} to the project's updates until {@link #close()}. */
  void subscribe(String project, String agent) {
    WebSocket.Builder b = http.newWebSocketBuilder();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    URI uri = URI.create("ws://" + base.getAuthority() + "/context/" + project + "/stream?agentId=" + agent);
    WebSocket ws = b.buildAsync(uri, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        if (last) {
          messages.incrementAndGet();
        }
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
        closed.add(agent + "@" + project + ": " + status + " " + reason);
        return null;
      }

      @Override
      public void onError(WebSocket socket, Throwable error) {
        closed.add(agent + "@" + project + ": " + error + (error.getCause() == null ? "" : " caused by " + error.getCause()));
      }
    }).orTimeout(10, TimeUnit.SECONDS).join();
    sockets.add(ws);
  }

  private JsonNode send(String method, String path, String body, int... expected) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      var r = http.send(b.build(), BodyHandlers.ofString());
      for (int status : expected) {
        if (r.statusCode() == status) {
          return JSON.readTree(r.body());
        }
      }
      throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (WebSocket ws : sockets) {
      ws.abort();
    }
    sockets.clear();
  }
}
