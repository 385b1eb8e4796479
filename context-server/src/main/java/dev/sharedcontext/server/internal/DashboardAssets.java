package dev.sharedcontext.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The dashboard's static files ({@code /dashboard}, {@code /dashboard/<file>}), read once from
 * the jar's resources under {@code dev/sharedcontext/server/dashboard/}. Only the files listed
 * here are served, so no path from a request ever reaches the class loader.
 *
 * <p>Caching: every answer carries a strong {@code ETag} (a digest of the bytes) and
 * {@code Cache-Control: no-cache}, so a browser revalidates and gets a 304 without a body. The
 * files change only with the jar, yet a page and its scripts must never come from two versions.
 * The page is open without a token: it holds no data, the figures come from the authenticated
 * stream. A strict Content-Security-Policy allows scripts, styles and connections to this
 * origin only.
 */
final class DashboardAssets {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String ROOT = "/dev/sharedcontext/server/dashboard/";
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "stream.js", "text/javascript; charset=utf-8",
      "charts.js", "text/javascript; charset=utf-8",
      "format.js", "text/javascript; charset=utf-8",
      "views.js", "text/javascript; charset=utf-8",
      "timeline.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  private record Asset(byte[] body, String contentType, String etag) {}

  /** Loaded on first use: a server that never shows the page never reads it. */
  private static final class Holder {
    static final Map<String, Asset> ASSETS = load();
  }

  private DashboardAssets() {}

  /**
   * The answer to {@code GET path} ({@code /dashboard} or {@code /dashboard/<file>}).
   *
   * @param ifNoneMatch the request's {@code If-None-Match}, or null
   * @throws ServerException 404 for a file that is not part of the dashboard
   */
  static HttpResult serve(String path, String ifNoneMatch) {
    String name = path.equals("/dashboard") ? "index.html" : path.substring("/dashboard/".length());
    Asset asset = Holder.ASSETS.get(name);
    if (asset == null) {
      throw ServerException.notFound(path);
    }
    HttpResult result = matches(ifNoneMatch, asset.etag)
        ? HttpResult.empty(304)
        : HttpResult.text(asset.body, asset.contentType);
    return result
        .header(HttpHeaderNames.ETAG, asset.etag)
        .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP)
        .header("Referrer-Policy", "no-referrer");
  }

  private static boolean matches(String header, String etag) {
    if (header == null) {
      return false;
    }
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> out = new HashMap<>();
    FILES.forEach((name, type) -> {
      byte[] body = read(name);
      out.put(name, new Asset(body, type, "\"" + digest(body) + "\""));
    });
    return Map.copyOf(out);
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource missing from the jar: " + ROOT + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
