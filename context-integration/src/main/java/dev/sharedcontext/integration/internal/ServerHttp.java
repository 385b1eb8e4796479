package dev.sharedcontext.integration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.core.internal.Abbreviation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few plain HTTP calls the integration and the {@code context} command make themselves:
 * {@code /health}, {@code /metrics}, {@code /window}. (Everything about one project's context goes
 * through {@code SharedContextClient}.) HTTP/1.1, no redirects, the bearer token when given.
 * Thread-safe.
 */
public final class ServerHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  /** Calls {@code base} (a server's root URI) with {@code token} (null for none), each call within {@code timeout}. */
  public ServerHttp(URI base, String token, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public URI base() {
    return base;
  }

  /** A response: its status and body as text. */
  public record Response(int status, String body, String contentType) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The body as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new ContextException("BAD_RESPONSE", "the server's answer is not JSON: " + abbreviate(body), e);
      }
    }

    /** The {@code error} member of an error body, or the body itself. */
    public String errorMessage() {
      try {
        JsonNode n = JSON.readTree(body);
        if (n != null && n.hasNonNull("error")) {
          return n.get("error").asText() + (n.hasNonNull("code") ? " (" + n.get("code").asText() + ")" : "");
        }
      } catch (IOException e) {
        // not JSON: the raw text below
      }
      return abbreviate(body);
    }
  }

  /**
   * GETs {@code pathAndQuery} (starting with {@code /}) with {@code accept}.
   *
   * @throws ConnectionException if nothing answers (refused, reset, unknown host)
   * @throws ContextTimeoutException if no response comes within the timeout
   */
  public Response get(String pathAndQuery, String accept) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).GET()
        .header("Accept", accept);
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    } catch (HttpTimeoutException e) {
      throw new ContextTimeoutException("no answer from " + base + " within " + timeout, e);
    } catch (IOException e) {
      throw new ConnectionException("cannot reach " + base + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted while calling " + base, e);
    }
  }

  /** GETs JSON; a non-2xx answer is a {@link ContextException} with the server's message and code. */
  public JsonNode getJson(String pathAndQuery) {
    Response r = get(pathAndQuery, "application/json");
    if (!r.ok()) {
      throw new ServerAnswered(r.status(), r.errorMessage());
    }
    return r.json();
  }

  /** The server answered with an error status. */
  public static final class ServerAnswered extends ContextException {
    private final int status;

    public ServerAnswered(int status, String message) {
      super("HTTP_" + status, "the server answered " + status + ": " + message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private static String describe(IOException e) {
    // The JDK's ConnectException often carries no message: say what it means.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String abbreviate(String s) {
    return Abbreviation.of(s, 200, 200, "...");
  }
}
