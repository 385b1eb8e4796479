package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.LegacyDiff;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.VersionConflictException;
import dev.sharedcontext.core.codec.Codec;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.function.LongFunction;

/** The {@code /context/{id}...} endpoints over the store. */
final class ContextEndpoints {
  static final int DEFAULT_VERSIONS_LIMIT = 100;
  static final int MAX_VERSIONS_LIMIT = 10_000;
  /**
   * Evaluations of a conditional write's preconditions when other commits keep landing in between:
   * a head that moves under every one of them is answered 412 with where it is now.
   */
  static final int MAX_PRECONDITION_ATTEMPTS = 8;

  private final ServerRuntime rt;
  private final WindowEndpoints windows;

  ContextEndpoints(ServerRuntime rt) {
    this.rt = rt;
    this.windows = new WindowEndpoints(rt);
  }

  HttpResult handle(Route route, FullHttpRequest req, AccessToken token) {
    String id = route.projectId();
    HttpMethod m = req.method();
    switch (route.kind()) {
      case CONTEXT -> {
        if (m.equals(HttpMethod.GET)) {
          rt.auth.authorize(token, Access.READ, id);
          return route.query().has("since") ? since(id, route.query(), req) : read(id, route.query(), req);
        }
        if (m.equals(HttpMethod.PUT)) {
          rt.auth.authorize(token, Access.WRITE, id);
          return put(id, route.query(), req);
        }
        if (m.equals(HttpMethod.DELETE)) {
          rt.auth.authorize(token, Access.ADMIN, id);
          return delete(id, req);
        }
        throw ServerException.methodNotAllowed(m.name(), "GET, PUT, DELETE, OPTIONS");
      }
      case DIFF -> {
        HttpHandler.requireMethod(m, HttpMethod.POST, "POST, OPTIONS");
        rt.auth.authorize(token, Access.WRITE, id);
        return diff(id, route.query(), req);
      }
      case VERSIONS -> {
        HttpHandler.requireMethod(m, HttpMethod.GET, "GET, OPTIONS");
        rt.auth.authorize(token, Access.READ, id);
        return versions(id, route.query());
      }
      case ROLLBACK -> {
        HttpHandler.requireMethod(m, HttpMethod.POST, "POST, OPTIONS");
        rt.auth.authorize(token, Access.WRITE, id);
        return rollback(id, route.query(), req);
      }
      case WINDOW, REF, RULES -> {
        return windows.handle(route, req, token);
      }
      default -> throw ServerException.notFound(route.path());
    }
  }

  private HttpResult read(String id, Query q, FullHttpRequest req) {
    Long version = q.getLong("version", 1);
    ContextSnapshot s = version == null
        ? rt.store.head(id).orElseThrow(() -> new NotFoundException("no project " + id))
        : rt.store.at(id, version);
    long v = s.version().version();
    if (ETags.noneMatchFails(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), v)) {
      // The tag a 200 would carry: weak when that answer would have been compressed.
      Codec codec = rt.compression.negotiate(req);
      return HttpResult.empty(304).header(HttpHeaderNames.ETAG,
          rt.compression.etag(v, Responses.snapshotLength(s.version()), codec));
    }
    byte[] body = rt.snapshots.http(s);
    rt.metrics.tokensServed.add(s.version().tokens());
    return HttpResult.ok(body).etag(v).encodedBy(codec -> rt.snapshots.http(s, codec));
  }

  private HttpResult since(String id, Query q, FullHttpRequest req) {
    if (q.has("version")) {
      throw new InvalidInputException("give either 'since' or 'version', not both");
    }
    long from = q.getLong("since", 0);
    CatchUp c = rt.store.since(id, from);
    ContextVersion head = c.head();
    if (c instanceof CatchUp.Snapshot s) {
      rt.metrics.tokensServed.add(head.tokens());
      return HttpResult.ok(Responses.sinceSnapshot(s)).etag(head.version());
    }
    CatchUp.Delta d = (CatchUp.Delta) c;
    boolean single = head.version() == from + 1;
    TokenLedger.Entry t = single ? rt.tokens.of(head, d.patch()) : rt.tokens.catchUp(head, d.patch());
    rt.metrics.tokensServed.add(t.patchTokens());
    rt.metrics.tokensSaved.add(t.tokensSaved());
    return HttpResult.ok(Responses.sinceDelta(d, legacyChanges(id, from, d))).etag(head.version());
  }

  /** The {@code changes} member: the legacy diff of the same step, or null when there is none. */
  private LegacyDiff legacyChanges(String id, long from, CatchUp.Delta d) {
    try {
      return d.patch().toLegacyDiff(rt.store.at(id, from).document());
    } catch (ContextException e) {
      return null; // not an object context, or the history moved on since the delta was taken
    }
  }

  private HttpResult put(String id, Query q, FullHttpRequest req) {
    WritePreconditions preconditions = WritePreconditions.of(req.headers());
    Bodies.Put body = Bodies.put(json(req), q);
    CommitRequest request = CommitRequest.replace(body.context()).by(body.agentId());
    CommitResult r = preconditions.none() ? commit(id, request) : commitIf(id, preconditions, request::ifHeadIs);
    return HttpResult.json(r.created() ? 201 : 200, Responses.put(r)).etag(r.version().version());
  }

  /** Commits on exactly the head the preconditions hold for: {@code onHead} pins the request to it. */
  private CommitResult commitIf(String id, WritePreconditions preconditions, LongFunction<CommitRequest> onHead) {
    return onHeadIf(id, preconditions, head -> commit(id, onHead.apply(head)));
  }

  /**
   * Runs {@code action} on the head the preconditions hold for, which it must require exactly
   * (a commit pinned to it, a conditional delete): a commit landing first moves the head, the
   * action fails with a version conflict, and the preconditions are evaluated again against the
   * new head.
   */
  private <T> T onHeadIf(String id, WritePreconditions preconditions, LongFunction<T> action) {
    for (int attempt = 1; ; attempt++) {
      long head = rt.store.head(id).map(s -> s.version().version()).orElse(0L);
      String failure = preconditions.failure(head);
      if (failure != null) {
        throw ServerException.preconditionFailed(failure, head);
      }
      try {
        return action.apply(head);
      } catch (VersionConflictException moved) {
        if (attempt == MAX_PRECONDITION_ATTEMPTS) {
          throw ServerException.preconditionFailed("the head moved under each of " + attempt
              + " evaluations of the preconditions; it is version " + moved.currentVersion(), moved.currentVersion());
        }
      }
    }
  }

  private HttpResult diff(String id, Query q, FullHttpRequest req) {
    WritePreconditions preconditions = WritePreconditions.of(req.headers());
    Bodies.Commit body = Bodies.commit(json(req), q);
    CommitResult r = preconditions.none() ? commit(id, body.request()) : commitIf(id, preconditions, head -> {
      // Pinned to the head the preconditions were checked on: no rebase from an older base.
      if (body.baseVersion() != CommitRequest.NO_BASE && body.baseVersion() != head) {
        throw ServerException.preconditionFailed("baseVersion " + body.baseVersion() + " is not the head (version "
            + head + "): with If-Match or If-None-Match a diff applies to exactly the head they hold for", head);
      }
      return CommitRequest.patch(body.patch()).by(body.agentId()).ifHeadIs(head);
    });
    return HttpResult.ok(Responses.commit(r, tokensSaved(r), rt.feeds.count(id), 0)).etag(r.version().version());
  }

  private HttpResult rollback(String id, Query q, FullHttpRequest req) {
    WritePreconditions preconditions = WritePreconditions.of(req.headers());
    Bodies.Rollback body = Bodies.rollback(json(req), q);
    CommitResult r;
    if (preconditions.none()) {
      r = rt.store.rollback(id, body.toVersion(), body.agentId());
      if (r.changed()) {
        rt.metrics.commits.increment();
      }
    } else {
      // commit() counts it.
      r = commitIf(id, preconditions, head -> CommitRequest.replace(rt.store.at(id, body.toVersion()).document())
          .by(body.agentId()).ifHeadIs(head));
    }
    return HttpResult.ok(Responses.commit(r, tokensSaved(r), rt.feeds.count(id), body.toVersion()))
        .etag(r.version().version());
  }

  private HttpResult delete(String id, FullHttpRequest req) {
    WritePreconditions preconditions = WritePreconditions.of(req.headers());
    boolean deleted = preconditions.none() ? rt.store.delete(id) : deleteIf(id, preconditions);
    if (!deleted) {
      throw new NotFoundException("no project " + id);
    }
    return HttpResult.ok(Responses.deleted(id));
  }

  /** Deletes only on exactly the head the preconditions hold for; false if there is no project. */
  private boolean deleteIf(String id, WritePreconditions preconditions) {
    return onHeadIf(id, preconditions, head -> {
      if (head == 0) {
        return false;
      }
      try {
        return rt.store.delete(id, head);
      } catch (UnsupportedOperationException e) {
        throw new InvalidInputException("this server's store cannot delete conditionally: send the DELETE without "
            + "If-Match and If-None-Match");
      }
    });
  }

  private HttpResult versions(String id, Query q) {
    Long limit = q.getLong("limit", 0);
    Long before = q.getLong("before", 1);
    int n = limit == null ? DEFAULT_VERSIONS_LIMIT : (int) Math.min(limit, MAX_VERSIONS_LIMIT);
    List<ContextVersion> list = rt.store.history(id, n, before == null ? Long.MAX_VALUE : before);
    if (list.isEmpty() && rt.store.head(id).isEmpty()) {
      throw new NotFoundException("no project " + id);
    }
    return HttpResult.ok(Responses.versions(list));
  }

  /** Commits, counting commits and conflicts. */
  CommitResult commit(String id, CommitRequest request) {
    try {
      CommitResult r = rt.store.commit(id, request);
      if (r.changed()) {
        rt.metrics.commits.increment();
      }
      return r;
    } catch (VersionConflictException e) {
      rt.metrics.conflicts.increment();
      throw e;
    }
  }

  long tokensSaved(CommitResult r) {
    return r.changed() ? rt.tokens.of(r.version(), r.patch()).tokensSaved() : 0;
  }

  private JsonNode json(FullHttpRequest req) {
    byte[] bytes = Bodies.bytes(req, rt.options.compression(), rt.options.maxBodyBytes());
    return Bodies.json(bytes, rt.options.jsonLimits());
  }
}
