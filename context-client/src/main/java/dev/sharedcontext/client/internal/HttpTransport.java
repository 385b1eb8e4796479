package dev.sharedcontext.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.core.codec.Codec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One HTTP exchange with the server: the common headers (accept, encodings, auth), a bounded
 * and decompressed body parsed as JSON, error bodies turned into core's exceptions, and I/O
 * failures into {@link ConnectionException} / {@link ContextTimeoutException}.
 */
final class HttpTransport {

  /** A successful (or 304) response; {@code body} is null when empty. */
  record Response(int status, HttpHeaders headers, JsonNode body) {}

  private final HttpClient http;
  private final ClientOptions options;
  private final Counters counters;
  private final BooleanSupplier closed;
  private final String base;
  private final String acceptEncoding;

  HttpTransport(HttpClient http, ClientOptions options, Counters counters, BooleanSupplier closed) {
    this.http = http;
    this.options = options;
    this.counters = counters;
    this.closed = closed;
    String uri = options.uri().toString();
    this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    this.acceptEncoding = options.acceptEncodings().stream().map(Codec::contentEncoding)
        .collect(Collectors.joining(", "));
  }

  /** A request to {@code pathAndQuery} (starting with {@code /}) with the common headers. */
  HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(options.requestTimeout())
        .header("Accept", "application/json");
    if (!acceptEncoding.isEmpty()) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    if (options.authToken() != null) {
      b.header("Authorization", "Bearer " + options.authToken());
    }
    return b;
  }

  /**
   * Sends {@code request}; the future fails with a {@link ContextException} for an error status
   * (mapped with {@code baseVersion}, -1 if none) or a failed exchange.
   */
  CompletableFuture<Response> send(HttpRequest request, long baseVersion) {
    if (closed.getAsBoolean()) {
      return CompletableFuture.failedFuture(new ClosedException("the client is closed"));
    }
    counters.requests.increment();
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = http.sendAsync(request, BoundedBody.handler(options.maxResponseBytes()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(e));
    }
    return sent.handle((response, error) -> {
      if (error != null) {
        throw translate(error);
      }
      counters.bytesReceived.add(response.body().length);
      JsonNode body = Wire.parse(decode(response));
      int status = response.statusCode();
      if (status >= 400) {
        throw ErrorMapper.map(status, body, baseVersion);
      }
      return new Response(status, response.headers(), body);
    });
  }

  private byte[] decode(HttpResponse<byte[]> response) {
    String coding = response.headers().firstValue("Content-Encoding").orElse("identity").trim();
    if (coding.isEmpty() || coding.equalsIgnoreCase("identity") || response.body().length == 0) {
      return response.body();
    }
    Codec codec = Codec.forContentEncoding(coding).orElseThrow(() -> new ContextException("INVALID_RESPONSE",
        "the server answered with an unknown Content-Encoding: " + coding));
    return codec.decode(response.body(), options.maxResponseBytes());
  }

  /** The exception to report for {@code error}, a failure of an exchange or of the stream. */
  ContextException translate(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (closed.getAsBoolean()) {
      return e instanceof ClosedException c ? c : new ClosedException("the client is closed");
    }
    if (e instanceof ContextException c) {
      return c;
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new ContextTimeoutException("no connection to " + base + " within " + options.connectTimeout(), e);
    }
    if (e instanceof HttpTimeoutException) {
      return new ContextTimeoutException("no response from " + base + " within " + options.requestTimeout(), e);
    }
    if (e instanceof IOException) {
      return new ConnectionException("exchange with " + base + " failed: " + e, e);
    }
    return new ConnectionException("exchange with " + base + " failed unexpectedly: " + e, e);
  }
}
