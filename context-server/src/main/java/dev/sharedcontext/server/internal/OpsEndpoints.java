package dev.sharedcontext.server.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** {@code /health} and {@code /metrics}. */
final class OpsEndpoints {
  static final AsciiString PROMETHEUS = AsciiString.cached("text/plain; version=0.0.4; charset=utf-8");

  private final ServerRuntime rt;

  OpsEndpoints(ServerRuntime rt) {
    this.rt = rt;
  }

  /** {@code {status, timestamp, version, contexts, connections, uptime}}; 503 while draining. */
  HttpResult health() {
    boolean draining = rt.draining();
    long contexts;
    try {
      contexts = rt.store.projectCount();
    } catch (RuntimeException e) {
      contexts = -1; // the store is closing or unreachable; the status says so below
    }
    String status = draining ? "draining" : contexts < 0 ? "degraded" : "ok";
    byte[] body = JsonOut.bytes().startObject()
        .field("status", status)
        .field("timestamp", Timestamps.now())
        .field("version", rt.serverVersion)
        .field("contexts", contexts)
        .field("connections", rt.connections.size())
        .field("uptime", rt.metrics.uptimeSeconds())
        .endObject().toByteArray();
    return HttpResult.json(draining || contexts < 0 ? 503 : 200, body);
  }

  /** JSON, or the Prometheus exposition for {@code ?format=prometheus} or {@code Accept: text/plain}. */
  HttpResult metrics(FullHttpRequest req, Route route) {
    MetricsReport report = new MetricsReport(rt);
    String format = route.query().get("format");
    String accept = req.headers().get(HttpHeaderNames.ACCEPT);
    boolean prometheus = "prometheus".equalsIgnoreCase(format)
        || (format == null && accept != null && accept.contains("text/plain") && !accept.contains("application/json"));
    if (prometheus) {
      return HttpResult.text(report.prometheus().getBytes(StandardCharsets.UTF_8), PROMETHEUS);
    }
    return HttpResult.ok(report.json());
  }
}
