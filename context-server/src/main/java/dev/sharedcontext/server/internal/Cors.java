package dev.sharedcontext.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The origin allow-list, for CORS and for WebSocket upgrades. An entry {@code scheme://host}
 * allows every port of that host, {@code scheme://host:port} one port, {@code *} everything.
 * Requests without an {@code Origin} header (non-browser clients) are not subject to it.
 */
final class Cors {
  static final String ALLOW_METHODS = "GET, PUT, POST, DELETE, OPTIONS";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Content-Encoding, If-Match, If-None-Match";
  static final String EXPOSE_HEADERS = "ETag";
  static final String MAX_AGE_SECONDS = "600";

  private record Entry(String scheme, String host, int port) {}

  private final boolean any;
  private final List<Entry> entries = new ArrayList<>();

  Cors(List<String> origins) {
    boolean star = false;
    for (String origin : origins) {
      if (origin.equals("*")) {
        star = true;
      } else {
        Entry e = parse(origin);
        if (e == null) {
          throw new IllegalArgumentException("not an origin: " + origin);
        }
        entries.add(e);
      }
    }
    this.any = star;
  }

  /** True if a request with this {@code Origin} (null: none) may be served. */
  boolean allowed(String origin) {
    if (origin == null || any) {
      return true;
    }
    Entry o = parse(origin);
    if (o == null) {
      return false;
    }
    for (Entry e : entries) {
      if (e.scheme.equals(o.scheme) && e.host.equals(o.host) && (e.port == -1 || e.port == effectivePort(o))) {
        return true;
      }
    }
    return false;
  }

  /** The CORS headers of an answer to an allowed cross-origin request. */
  void addHeaders(HttpHeaders headers, String origin) {
    if (origin == null) {
      return;
    }
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
  }

  /** The headers of a preflight answer. */
  void addPreflightHeaders(HttpHeaders headers, String origin) {
    addHeaders(headers, origin);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
  }

  private static int effectivePort(Entry o) {
    if (o.port != -1) {
      return o.port;
    }
    return o.scheme.equals("https") ? 443 : 80;
  }

  private static Entry parse(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
        return null;
      }
      return new Entry(scheme.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT), uri.getPort());
    } catch (Exception e) {
      return null; // a malformed Origin is simply not allowed
    }
  }
}
