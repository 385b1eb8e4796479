package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.server.ServerOptions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The priority rules a window is made with, for one project and agent: the server's default
 * ({@link ServerOptions#priorityRules()}), then the project's and the agent's from the options,
 * then what was set at run time through {@code PUT /context/{id}/rules} for the project and for
 * the project and agent; each layer over the one before ({@link PriorityRules#with}). Run-time
 * rules live in this process only. Thread-safe.
 */
final class WindowRules {
  /** Run-time rule sets kept at most: they are set by admins, but memory is bounded anyway. */
  static final int MAX_RUNTIME_SETS = 10_000;
  /** Rules in one set at most. */
  static final int MAX_RULES_PER_SET = 1_000;

  private record Scope(String projectId, String agentId) {}

  private final ServerOptions options;
  private final Map<Scope, PriorityRules> runtime = new ConcurrentHashMap<>();

  WindowRules(ServerOptions options) {
    this.options = options;
  }

  /** The rules for {@code agentId} (null or empty: none) in {@code projectId}. */
  PriorityRules effective(String projectId, String agentId) {
    String agent = agentId == null ? "" : agentId;
    PriorityRules rules = options.priorityRules();
    rules = layer(rules, options.projectPriorityRules().get(projectId));
    rules = layer(rules, runtime.get(new Scope(projectId, "")));
    if (!agent.isEmpty()) {
      rules = layer(rules, options.agentPriorityRules().get(agent));
      rules = layer(rules, runtime.get(new Scope(projectId, agent)));
    }
    return rules;
  }

  /** Sets the run-time rules of a project ({@code agentId} empty) or of one agent in it. */
  void set(String projectId, String agentId, PriorityRules rules) {
    Objects.requireNonNull(rules, "rules");
    if (rules.asMap().size() > MAX_RULES_PER_SET) {
      throw LimitExceededException.tooLarge("maxPriorityRules", MAX_RULES_PER_SET, "a set of priority rules");
    }
    Scope scope = new Scope(projectId, agentId == null ? "" : agentId);
    if (!runtime.containsKey(scope) && runtime.size() >= MAX_RUNTIME_SETS) {
      throw LimitExceededException.tooMany("maxPriorityRuleSets", MAX_RUNTIME_SETS, "sets of priority rules");
    }
    runtime.put(scope, rules);
  }

  /** Removes run-time rules; true if there were some. */
  boolean remove(String projectId, String agentId) {
    return runtime.remove(new Scope(projectId, agentId == null ? "" : agentId)) != null;
  }

  private static PriorityRules layer(PriorityRules base, PriorityRules over) {
    return over == null ? base : base.with(over);
  }
}
