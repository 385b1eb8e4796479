package dev.sharedcontext.server.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** What an endpoint answers, before it becomes a Netty response. */
record HttpResult(HttpResponseStatus status, byte[] body, CharSequence contentType, HttpHeaders headers) {
  private static final byte[] EMPTY = new byte[0];

  static HttpResult json(int status, byte[] body) {
    return new HttpResult(HttpResponseStatus.valueOf(status), body, HttpHandler.JSON, new DefaultHttpHeaders());
  }

  static HttpResult ok(byte[] body) {
    return json(200, body);
  }

  static HttpResult empty(int status) {
    return new HttpResult(HttpResponseStatus.valueOf(status), EMPTY, null, new DefaultHttpHeaders());
  }

  static HttpResult text(byte[] body, CharSequence contentType) {
    return new HttpResult(HttpResponseStatus.OK, body, contentType, new DefaultHttpHeaders());
  }

  HttpResult header(CharSequence name, Object value) {
    headers.set(name, value);
    return this;
  }

  /** Sets {@code ETag: "version"}. */
  HttpResult etag(long version) {
    return header(HttpHeaderNames.ETAG, ETags.of(version));
  }
}
