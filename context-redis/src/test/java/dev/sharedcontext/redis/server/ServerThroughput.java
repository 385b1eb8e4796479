package dev.sharedcontext.redis.server;

import dev.sharedcontext.redis.ClosedLoop;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Commits per second and commit latency through servers over HTTP: each of {@code threads}
 * threads, with its own HTTP/1.1 connection to server {@code thread % servers}, sends
 * {@code POST /context/{id}/diff} with a one-member patch (no base version) as fast as the answers
 * come, to one shared project or to a project of its own; latencies are those of whole requests
 * as the client sees them.
 */
final class ServerThroughput {

  private ServerThroughput() {}

  static ClosedLoop.Result run(String name, List<SharedContextServer> servers, int threads, boolean oneProject,
      long warmupMillis, long measureMillis) throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    StringBuilder initial = new StringBuilder("{\"context\": {");
    for (int k = 0; k < 64; k++) {
      initial.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"value ").append(k).append('"');
    }
    initial.append("}}");
    HttpClient setup = HttpClient.newHttpClient();
    for (int t = 0; t < (oneProject ? 1 : threads); t++) {
      send(setup, servers.get(0).uri(), "PUT", "/context/bench-" + run + "-" + t, initial.toString());
    }
    return ClosedLoop.run(name, servers.size(), threads, oneProject, warmupMillis, measureMillis, thread -> {
      URI uri = servers.get(thread % servers.size()).uri();
      String path = "/context/bench-" + run + "-" + (oneProject ? 0 : thread) + "/diff";
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      return i -> send(client, uri, "POST", path, "{\"patch\": [{\"op\": \"replace\", \"path\": \"/k"
          + (thread * 8 + i % 8) % 64 + "\", \"value\": \"t" + thread + " commit " + i + "\"}],"
          + " \"agentId\": \"bench\"}");
    });
  }

  private static void send(HttpClient client, URI base, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
  }
}
