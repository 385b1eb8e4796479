package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.codec.Codec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP to the server under test for what the client has no call for (a window of an old
 * version, {@code /metrics}, {@code /rules}): asks for compressed answers and decodes them, so the
 * server's compression is exercised too.
 */
final class ServerHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status, decoded body and the bytes that came over the wire. */
  record Answer(int status, byte[] body, long wireBytes, HttpResponse<byte[]> response) {
    JsonNode json() {
      try {
        return BenchmarkResult.JSON.readTree(body);
      } catch (IOException e) {
        throw new BenchmarkException("the server answered no JSON (" + status + ")");
      }
    }
  }

  private final URI base;

  ServerHttp(URI base) {
    this.base = base;
  }

  /** {@code GET pathAndQuery}, asking for {@code zstd, gzip}; fails on a status other than 200. */
  Answer get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Accept-Encoding", "zstd, gzip").GET());
  }

  Answer put(String pathAndQuery, String json) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  URI uri(String pathAndQuery) {
    return base.resolve(pathAndQuery);
  }

  JsonNode metrics() {
    return get("/metrics").json();
  }

  Answer send(HttpRequest.Builder request) {
    HttpResponse<byte[]> r;
    try {
      r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new BenchmarkException("request to the server failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted");
    }
    if (r.statusCode() != 200) {
      throw new BenchmarkException(request.build().uri() + " answered " + r.statusCode() + ": "
          + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    byte[] body = r.headers().firstValue("Content-Encoding")
        .map(c -> Codec.forContentEncoding(c).orElseThrow().decode(r.body(), Long.MAX_VALUE))
        .orElse(r.body());
    return new Answer(r.statusCode(), body, r.body().length, r);
  }
}
