package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.codec.CompressionPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Content codings of HTTP answers: which one a request gets ({@code ?compress=true} forces
 * deflate, the original system's flag; otherwise the best of {@code Accept-Encoding} among the
 * policy's preference), and the compressed answer. A body is compressed only when it is textual,
 * at least the policy's threshold, and shrinks; then a strong {@code ETag} becomes weak, since the
 * compressed bytes are another representation of the same version. Every answer that could vary
 * says {@code Vary: Accept-Encoding}. The bytes before and after are counted here, for every
 * answer, so {@code compressionRatio} is over what was actually sent. Thread-safe.
 */
final class ResponseCompression {
  private final CompressionPolicy policy;
  private final ServerMetrics metrics;

  ResponseCompression(CompressionPolicy policy, ServerMetrics metrics) {
    this.policy = policy;
    this.metrics = metrics;
  }

  /**
   * The coding {@code req} gets when its answer is large enough.
   *
   * @throws InvalidInputException for a {@code compress} parameter that is neither true nor false
   */
  Codec negotiate(HttpRequest req) {
    String uri = req.uri();
    if (uri.contains("compress=")) {
      String flag = compressFlag(uri);
      if (flag != null) {
        return switch (flag.toLowerCase(Locale.ROOT)) {
          case "true" -> Codec.DEFLATE;
          case "false" -> Codec.NONE;
          default -> throw new InvalidInputException("query parameter 'compress' must be true or false, not '"
              + Route.abbreviate(flag) + "'");
        };
      }
    }
    return Codec.negotiate(req.headers().get(HttpHeaderNames.ACCEPT_ENCODING), policy.preference());
  }

  private static String compressFlag(String uri) {
    List<String> values;
    try {
      values = new QueryStringDecoder(uri).parameters().get("compress");
    } catch (IllegalArgumentException e) {
      return null; // a malformed query: routing answers 400 for it
    }
    return values == null || values.isEmpty() ? null : new Query(Map.of("compress", values)).get("compress");
  }

  /** The {@code ETag} of version {@code version} for an answer of {@code identityLength} bytes in {@code codec}. */
  String etag(long version, int identityLength, Codec codec) {
    return willCompress(identityLength, codec) ? "W/" + ETags.of(version) : ETags.of(version);
  }

  /** {@code result} in {@code codec} when it qualifies, with {@code Vary} and the counts. */
  HttpResult apply(HttpResult result, Codec codec) {
    int identity = result.body().length;
    HttpResult out = result;
    if (textual(result.contentType()) && !result.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
      vary(result.headers());
      if (willCompress(identity, codec)) {
        byte[] encoded = result.encoded() != null ? result.encoded().encode(codec) : codec.encode(result.body());
        if (encoded.length < identity) {
          out = result.withBody(encoded);
          out.headers().set(HttpHeaderNames.CONTENT_ENCODING, codec.contentEncoding());
          weaken(out.headers());
        }
      }
    } else if (result.status().code() == 304) {
      vary(result.headers());
    }
    metrics.bytesBeforeCompression.add(identity);
    metrics.bytesAfterCompression.add(out.body().length);
    return out;
  }

  private boolean willCompress(int identityLength, Codec codec) {
    return codec != Codec.NONE && identityLength > 0 && policy.shouldCompress(identityLength);
  }

  private static void vary(HttpHeaders h) {
    String vary = h.get(HttpHeaderNames.VARY);
    if (vary == null) {
      h.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    } else if (!vary.toLowerCase(Locale.ROOT).contains("accept-encoding")) {
      h.set(HttpHeaderNames.VARY, vary + ", " + HttpHeaderNames.ACCEPT_ENCODING);
    }
  }

  private static void weaken(HttpHeaders h) {
    String etag = h.get(HttpHeaderNames.ETAG);
    if (etag != null && !etag.startsWith("W/")) {
      h.set(HttpHeaderNames.ETAG, "W/" + etag);
    }
  }

  /** JSON and text compress well; anything else (images, fonts) is sent as it is. */
  static boolean textual(CharSequence contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toString().toLowerCase(Locale.ROOT);
    return t.startsWith("text/") || t.startsWith("application/json") || t.startsWith("application/javascript")
        || t.startsWith("image/svg+xml") || t.contains("+json");
  }
}
