package dev.sharedcontext.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** A small JDK HttpClient wrapper for the integration tests: JSON in, status + JSON out. */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final URI base;

  public Http(URI base) {
    this.base = base;
  }

  /** A response: status, headers, body text, and the body parsed as JSON when it is JSON. */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public Response get(String path, String... headers) {
    return send(builder(path, headers).GET());
  }

  public Response delete(String path, String... headers) {
    return send(builder(path, headers).DELETE());
  }

  public Response put(String path, String json, String... headers) {
    return send(builder(path, headers).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
  }

  public Response post(String path, String json, String... headers) {
    return send(builder(path, headers).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
  }

  public Response method(String method, String path, String body, String... headers) {
    return send(builder(path, headers).method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = CLIENT.send(request.build(), BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with its body as received: not decoded, whatever its Content-Encoding. */
  public record Raw(int status, java.net.http.HttpHeaders headers, byte[] body) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public Raw raw(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = CLIENT.send(request.build(), BodyHandlers.ofByteArray());
      return new Raw(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code GET path} with header name/value pairs, the body as received. */
  public Raw getRaw(String path, String... headers) {
    return raw(builder(path, headers).GET());
  }

  public HttpRequest.Builder builder(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
