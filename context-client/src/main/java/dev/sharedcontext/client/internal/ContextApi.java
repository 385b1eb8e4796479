package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.ContextChanges;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The HTTP endpoints of one project (PROTOCOL.md, "HTTP"), as typed asynchronous calls. */
final class ContextApi {
  private static final String JSON = "application/json";

  private final HttpTransport http;
  private final String projectId;
  private final String agentId;
  private final String path;

  ContextApi(HttpTransport http, String projectId, String agentId) {
    this.http = http;
    this.projectId = projectId;
    this.agentId = agentId;
    // Project ids are [A-Za-z0-9._-]: nothing to percent-encode.
    this.path = "/context/" + projectId;
  }

  String projectId() {
    return projectId;
  }

  /**
   * {@code GET /context/{id}}; with {@code ifNoneMatch > 0} a conditional GET whose 304 is an
   * empty result.
   */
  CompletableFuture<Optional<VersionedContext>> head(long ifNoneMatch) {
    HttpRequest.Builder b = http.request(path).GET();
    if (ifNoneMatch > 0) {
      b.header("If-None-Match", "\"" + ifNoneMatch + "\"");
    }
    return http.send(b.build(), -1).thenApply(r -> r.status() == 304
        ? Optional.empty()
        : Optional.of(Wire.versioned(r.body(), projectId)));
  }

  /** {@code GET /context/{id}?version=N}. */
  CompletableFuture<VersionedContext> at(long version) {
    return http.send(http.request(path + "?version=" + version).GET().build(), -1)
        .thenApply(r -> Wire.versioned(r.body(), projectId));
  }

  /** {@code GET /context/{id}?since=N}. */
  CompletableFuture<ContextChanges> since(long version) {
    return http.send(http.request(path + "?since=" + version).GET().build(), -1)
        .thenApply(r -> Wire.changes(r.body(), projectId));
  }

  /** {@code PUT /context/{id}} of a whole document. */
  CompletableFuture<CommitReceipt> put(ContextDocument document) {
    HttpRequest request = http.request(path).header("Content-Type", JSON)
        .PUT(BodyPublishers.ofString(Wire.putBody(document, agentId))).build();
    return http.send(request, -1).thenApply(r -> Wire.receipt(r.body(), projectId));
  }

  /** {@code POST /context/{id}/diff}; {@code baseVersion} -1 for none. */
  CompletableFuture<CommitReceipt> diff(Patch patch, long baseVersion) {
    HttpRequest request = http.request(path + "/diff").header("Content-Type", JSON)
        .POST(BodyPublishers.ofString(Wire.diffBody(patch, baseVersion, agentId))).build();
    return http.send(request, baseVersion).thenApply(r -> Wire.receipt(r.body(), projectId));
  }

  /** {@code POST /context/{id}/rollback}. */
  CompletableFuture<CommitReceipt> rollback(long toVersion) {
    HttpRequest request = http.request(path + "/rollback").header("Content-Type", JSON)
        .POST(BodyPublishers.ofString(Wire.rollbackBody(toVersion, agentId))).build();
    return http.send(request, -1).thenApply(r -> Wire.receipt(r.body(), projectId));
  }

  /** {@code GET /context/{id}/versions}; {@code limit <= 0} and {@code before == Long.MAX_VALUE} are left out. */
  CompletableFuture<List<ContextVersion>> history(int limit, long before) {
    StringBuilder q = new StringBuilder(path).append("/versions");
    char sep = '?';
    if (limit > 0) {
      q.append(sep).append("limit=").append(limit);
      sep = '&';
    }
    if (before != Long.MAX_VALUE) {
      q.append(sep).append("before=").append(before);
    }
    return http.send(http.request(q.toString()).GET().build(), -1)
        .thenApply(r -> Wire.history(r.body(), projectId));
  }

  /** {@code GET /context/{id}/window?budget=&encoding=&agentId=}. */
  CompletableFuture<Window> window(int budget, String encoding) {
    StringBuilder q = new StringBuilder(path).append("/window?budget=").append(budget).append("&encoding=")
        .append(encoding);
    if (!agentId.isEmpty()) {
      q.append("&agentId=").append(URLEncoder.encode(agentId, StandardCharsets.UTF_8));
    }
    return http.send(http.request(q.toString()).GET().build(), -1).thenApply(r -> Wire.window(r.body()));
  }

  /** {@code GET /context/{id}/ref?path=&version=}: the exact value. */
  CompletableFuture<ContextDocument> ref(String pointer, long version) {
    String q = path + "/ref?path=" + URLEncoder.encode(pointer, StandardCharsets.UTF_8) + "&version=" + version;
    return http.send(http.request(q).GET().build(), -1).thenApply(r -> ContextDocument.of(Wire.required(r)));
  }

  /** {@code DELETE /context/{id}}. */
  CompletableFuture<Void> delete() {
    return http.send(http.request(path).DELETE().build(), -1).thenApply(r -> null);
  }
}
