package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.NotFoundException;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.core.window.WindowRequest;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;

/**
 * {@code GET /context/{id}/window}, {@code GET /context/{id}/ref} and the priority rules at
 * {@code /context/{id}/rules}.
 *
 * <p>Token accounting, by the server's configured encoding: a window saves the tokens of the
 * whole context at its version minus its own; a reference resolved costs its tokens and saves
 * none (a full delivery would already have held it), so an agent that resolves everything ends
 * with no savings, as it should. Both answers say so in {@code X-Tokens-Served} and
 * {@code X-Tokens-Saved}.
 */
final class WindowEndpoints {
  static final String TOKENS_SERVED = "X-Tokens-Served";
  static final String TOKENS_SAVED = "X-Tokens-Saved";

  private final ServerRuntime rt;

  WindowEndpoints(ServerRuntime rt) {
    this.rt = rt;
  }

  HttpResult handle(Route route, FullHttpRequest req, AccessToken token) {
    String id = route.projectId();
    HttpMethod m = req.method();
    switch (route.kind()) {
      case WINDOW -> {
        HttpHandler.requireMethod(m, HttpMethod.GET, "GET, OPTIONS");
        rt.auth.authorize(token, Access.READ, id);
        return window(id, route.query());
      }
      case REF -> {
        HttpHandler.requireMethod(m, HttpMethod.GET, "GET, OPTIONS");
        rt.auth.authorize(token, Access.READ, id);
        return ref(id, route.query());
      }
      default -> {
        return new RulesEndpoint(rt).handle(id, route.query(), req, token);
      }
    }
  }

  /** {@code ?budget=&agentId=&encoding=&version=}: the wire object of core's window. */
  private HttpResult window(String id, Query q) {
    Long budget = q.getLong("budget", WindowRequest.MIN_BUDGET);
    if (budget == null) {
      throw new InvalidInputException("query parameter 'budget' (tokens) is required");
    }
    if (budget > Integer.MAX_VALUE) {
      throw new InvalidInputException("query parameter 'budget' must be at most " + Integer.MAX_VALUE);
    }
    TokenCounter counter = rt.counters.forName(q.get("encoding"));
    PriorityRules rules = rt.rules.effective(id, q.agentId("agentId"));
    ContextSnapshot s = snapshot(id, q);
    WindowViews.View view = rt.windows.of(s, budget.intValue(), rules, counter);
    TokenCounter own = rt.counters.configured();
    long served = own.name().equals(counter.name()) ? view.window().tokens() : own.count(view.wire());
    return account(HttpResult.ok(view.bytes()), served, s.version().tokens() - served);
  }

  /** {@code ?path=&version=}: the exact value at a JSON pointer, as canonical JSON. */
  private HttpResult ref(String id, Query q) {
    String raw = q.get("path");
    if (raw == null) {
      throw new InvalidInputException("query parameter 'path' (a JSON pointer such as /files/README.md) is required");
    }
    JsonPointer path;
    try {
      path = JsonPointer.parse(raw);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("query parameter 'path' is not a JSON pointer: " + e.getMessage());
    }
    ContextSnapshot s = snapshot(id, q);
    ContextVersion v = s.version();
    JsonNode value = s.document().get(path).orElseThrow(() -> new NotFoundException("project " + id + " has no value at "
        + Route.abbreviate(raw) + " in version " + v.version()));
    ContextDocument exact = ContextDocument.of(value);
    long tokens = rt.counters.configured().count(exact);
    return account(HttpResult.ok(exact.canonicalBytes()), tokens, -tokens);
  }

  private ContextSnapshot snapshot(String id, Query q) {
    Long version = q.getLong("version", 1);
    return version == null
        ? rt.store.head(id).orElseThrow(() -> new NotFoundException("no project " + id))
        : rt.store.at(id, version);
  }

  private HttpResult account(HttpResult result, long served, long saved) {
    rt.metrics.tokensServed.add(served);
    rt.metrics.tokensSaved.add(saved);
    return result.header(TOKENS_SERVED, served).header(TOKENS_SAVED, saved);
  }
}
