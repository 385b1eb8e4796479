package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /context/{id}/rules[?agentId=A]}: the priority rules windows of a project (or of one
 * agent in it) are made with. {@code GET} (read access) answers the effective rules;
 * {@code PUT {"rules": {"/pointer": priority}, "fallback"?: n}} (admin) sets the run-time layer
 * and {@code DELETE} (admin) removes it; both answer the effective rules afterwards:
 * {@code {projectId, agentId, rules, fallback}}.
 */
final class RulesEndpoint {
  private final ServerRuntime rt;

  RulesEndpoint(ServerRuntime rt) {
    this.rt = rt;
  }

  HttpResult handle(String id, Query q, FullHttpRequest req, AccessToken token) {
    String agentId = q.agentId("agentId");
    HttpMethod m = req.method();
    if (m.equals(HttpMethod.GET)) {
      rt.auth.authorize(token, Access.READ, id);
    } else if (m.equals(HttpMethod.PUT)) {
      rt.auth.authorize(token, Access.ADMIN, id);
      byte[] bytes = Bodies.bytes(req, rt.options.compression(), rt.options.maxBodyBytes());
      rt.rules.set(id, agentId, parse(Bodies.json(bytes, rt.options.jsonLimits())));
    } else if (m.equals(HttpMethod.DELETE)) {
      rt.auth.authorize(token, Access.ADMIN, id);
      rt.rules.remove(id, agentId);
    } else {
      throw ServerException.methodNotAllowed(m.name(), "GET, PUT, DELETE, OPTIONS");
    }
    PriorityRules rules = rt.rules.effective(id, agentId);
    JsonOut out = JsonOut.bytes().startObject()
        .field("projectId", id)
        .field("agentId", agentId == null ? "" : agentId);
    out.name("rules").startObject();
    for (Map.Entry<String, Integer> r : rules.asMap().entrySet()) {
      out.field(r.getKey(), r.getValue().longValue());
    }
    return HttpResult.ok(out.endObject().field("fallback", rules.fallback()).endObject().toByteArray());
  }

  /** {@code {"rules": {pointer: integer}, "fallback"?: integer}}. */
  static PriorityRules parse(JsonNode body) {
    JsonNode rules = body.isObject() ? body.get("rules") : null;
    if (rules == null || !rules.isObject()) {
      throw new InvalidInputException("priority rules must be {\"rules\": {\"/pointer\": priority, ...}, \"fallback\"?: n}");
    }
    Map<String, Integer> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), priority(e.getValue(), "the priority of '" + Route.abbreviate(e.getKey()) + "'"));
    }
    JsonNode fallback = body.get("fallback");
    int fb = fallback == null || fallback.isNull() ? PriorityRules.DEFAULT_PRIORITY : priority(fallback, "'fallback'");
    return PriorityRules.of(map, fb); // an invalid pointer is an INVALID_PATCH (400)
  }

  private static int priority(JsonNode n, String what) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new InvalidInputException(what + " must be an integer");
    }
    return n.intValue();
  }
}
