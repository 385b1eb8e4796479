package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.codec.Codec;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What an endpoint answers, before it becomes a Netty response. Made per request and never
 * reused: its header map becomes the response's.
 *
 * @param encoded where the compressed forms of {@code body} come from when they are cached (a
 *     snapshot's), or null: then {@link ResponseCompression} compresses on the fly
 */
record HttpResult(HttpResponseStatus status, byte[] body, CharSequence contentType, HttpHeaders headers,
    EncodedBody encoded) {
  private static final byte[] EMPTY = new byte[0];
  /**
   * Answer headers are set by the server: constants, numbers, and at most a request's own
   * {@code Origin} echoed back, which the request decoder already bounded to one line. Checking
   * every value character by character again was a visible part of a small answer's cost.
   */
  private static final DefaultHttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValueValidation(false);

  /** The body in a content coding other than identity, from a cache. */
  @FunctionalInterface
  interface EncodedBody {
    byte[] encode(Codec codec);
  }

  HttpResult(HttpResponseStatus status, byte[] body, CharSequence contentType, HttpHeaders headers) {
    this(status, body, contentType, headers, null);
  }

  static HttpResult json(int status, byte[] body) {
    return new HttpResult(HttpResponseStatus.valueOf(status), body, HttpHandler.JSON, HEADERS.newHeaders());
  }

  static HttpResult ok(byte[] body) {
    return json(200, body);
  }

  static HttpResult empty(int status) {
    return new HttpResult(HttpResponseStatus.valueOf(status), EMPTY, null, HEADERS.newHeaders());
  }

  static HttpResult text(byte[] body, CharSequence contentType) {
    return new HttpResult(HttpResponseStatus.OK, body, contentType, HEADERS.newHeaders());
  }

  HttpResult header(CharSequence name, Object value) {
    headers.set(name, value);
    return this;
  }

  /** Sets {@code ETag: "version"}. */
  HttpResult etag(long version) {
    return header(HttpHeaderNames.ETAG, ETags.of(version));
  }

  /** This result, its compressed forms taken from {@code source}. */
  HttpResult encodedBy(EncodedBody source) {
    return new HttpResult(status, body, contentType, headers, source);
  }

  /** This result with another body (its headers object is shared). */
  HttpResult withBody(byte[] newBody) {
    return new HttpResult(status, newBody, contentType, headers, null);
  }
}
