package dev.sharedcontext.integration;

import dev.sharedcontext.core.window.WindowRequest;
import java.util.Map;
import java.util.Objects;

/**
 * One agent for {@link ContextIntegration#launchAgentsOptimized}: who it is, how many tokens of
 * context it may be given, and whatever the host's launcher needs to start it.
 *
 * @param agentId the agent's id, unique within one launch; not blank
 * @param tokenBudget the most tokens of its windowed view, at least {@value WindowRequest#MIN_BUDGET}
 * @param properties for the host's launcher (a role, a model, a prompt...); copied, never null
 */
public record AgentSpec(String agentId, int tokenBudget, Map<String, String> properties) {
  /** The budget of {@link #of(String)}. */
  public static final int DEFAULT_TOKEN_BUDGET = 8_000;

  public AgentSpec {
    Objects.requireNonNull(agentId, "agentId");
    if (agentId.isBlank()) {
      throw new IllegalArgumentException("agentId must not be blank");
    }
    if (tokenBudget < WindowRequest.MIN_BUDGET) {
      throw new IllegalArgumentException("tokenBudget must be at least " + WindowRequest.MIN_BUDGET + ": " + tokenBudget);
    }
    properties = Map.copyOf(properties);
  }

  /** An agent with the default budget ({@value #DEFAULT_TOKEN_BUDGET}) and no properties. */
  public static AgentSpec of(String agentId) {
    return new AgentSpec(agentId, DEFAULT_TOKEN_BUDGET, Map.of());
  }

  /** An agent with {@code tokenBudget} and no properties. */
  public static AgentSpec of(String agentId, int tokenBudget) {
    return new AgentSpec(agentId, tokenBudget, Map.of());
  }
}
