package dev.sharedcontext.integration.internal;

import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowRequest;
import dev.sharedcontext.integration.OptimizationSource;
import dev.sharedcontext.integration.OptimizedContext;
import dev.sharedcontext.integration.TokenOptimizer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link TokenOptimizer}: share, window, then deliver the cheaper of the window and
 * the delta from the agent's last view.
 *
 * <ol>
 *   <li>Share: the agent's client commits the context (only its diff against the shared head
 *       travels; nothing when it is the head already).
 *   <li>Window: {@code GET /window?budget=&agentId=&version=} on the server; when the server
 *       answers 501 or 404 (no windows served) or does not answer after the commit went through,
 *       the same version is windowed locally.
 *   <li>Deliver: if the agent had a view before, the patch from it costs fewer tokens than the
 *       window, and the two are of the same kind (both server-shared or both local), the patch.
 * </ol>
 *
 * When the server cannot be reached (connection refused or reset, timeout), the context is windowed
 * locally and the result says {@link OptimizationSource#LOCAL_FALLBACK}, with the reason.
 */
public final class DefaultTokenOptimizer implements TokenOptimizer {
  private static final Logger log = LoggerFactory.getLogger(DefaultTokenOptimizer.class);

  private final String projectId;
  private final BiFunction<String, String, SharedContextClient> clients;
  private final ServerHttp http;
  private final Supplier<TokenCounter> counter;
  private final PriorityRules rules;
  private final BiFunction<String, String, AgentCounters> counters;
  private final Map<String, OptimizedContext> lastViews = new ConcurrentHashMap<>();

  public DefaultTokenOptimizer(String projectId, BiFunction<String, String, SharedContextClient> clients,
      ServerHttp http, Supplier<TokenCounter> counter, PriorityRules rules,
      BiFunction<String, String, AgentCounters> counters) {
    this.projectId = projectId;
    this.clients = clients;
    this.http = http;
    this.counter = counter;
    this.rules = rules;
    this.counters = counters;
  }

  @Override
  public String projectId() {
    return projectId;
  }

  @Override
  public OptimizedContext optimizeContext(String agentId, ContextDocument context, int budget) {
    Objects.requireNonNull(context, "context");
    requireValid(agentId, budget);
    return optimize(agentId, context, budget, () -> clients.apply(projectId, agentId).setContext(context).version());
  }

  /**
   * The view of {@code head}, a head the agent's client read, windowed at its version. Nothing is
   * committed: the head is on the server already, and sharing a document read earlier would undo
   * whatever other agents committed since (a whole-document commit is the diff from the client's
   * cache, which the stream may have moved past the read).
   */
  public OptimizedContext optimizeHead(String agentId, VersionedContext head, int budget) {
    Objects.requireNonNull(head, "head");
    requireValid(agentId, budget);
    return optimize(agentId, head.document(), budget, head::version);
  }

  private static void requireValid(String agentId, int budget) {
    Objects.requireNonNull(agentId, "agentId");
    if (agentId.isBlank()) {
      throw new IllegalArgumentException("agentId must not be blank");
    }
    if (budget < WindowRequest.MIN_BUDGET) {
      throw new IllegalArgumentException("budget must be at least " + WindowRequest.MIN_BUDGET + " tokens: " + budget);
    }
  }

  /** @param share makes {@code context} a version on the server and returns that version */
  private OptimizedContext optimize(String agentId, ContextDocument context, int budget, LongSupplier share) {
    TokenCounter tokens = counter.get();
    long contextTokens = tokens.count(context);
    Window window;
    OptimizationSource source;
    long version = 0;
    String reason = "";
    try {
      version = share.getAsLong();
      try {
        window = WindowJson.parse(http.getJson("/context/" + projectId + "/window?budget=" + budget + "&agentId="
            + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "&encoding=" + tokens.name() + "&version=" + version));
        source = OptimizationSource.SERVER_WINDOW;
      } catch (ServerHttp.ServerAnswered e) {
        if (e.status() != 501 && e.status() != 404) {
          throw e;
        }
        reason = "the server does not serve /window: " + e.getMessage();
        window = Window.of(context, new WindowRequest(projectId, version, budget, rules), tokens);
        source = OptimizationSource.SERVER_SYNC_LOCAL_WINDOW;
      } catch (ConnectionException | ContextTimeoutException e) {
        // The context is shared (the commit went through); only the window is made here.
        reason = "the server's /window did not answer: " + e.getMessage();
        window = Window.of(context, new WindowRequest(projectId, version, budget, rules), tokens);
        source = OptimizationSource.SERVER_SYNC_LOCAL_WINDOW;
      }
    } catch (ConnectionException | ContextTimeoutException e) {
      log.debug("server unreachable; windowing {} for {} locally: {}", projectId, agentId, e.toString());
      reason = "server unreachable: " + e.getMessage();
      window = Window.of(context, new WindowRequest(projectId, 1, budget, rules), tokens);
      source = OptimizationSource.LOCAL_FALLBACK;
      version = 0;
    }
    OptimizedContext result = deliver(agentId, source, version, window, contextTokens, reason, tokens);
    counters.apply(projectId, agentId).window(result.tokensSaved());
    return result;
  }

  /** The window, or the delta from the agent's previous view if that is cheaper and comparable. */
  private OptimizedContext deliver(String agentId, OptimizationSource source, long version, Window window,
      long contextTokens, String reason, TokenCounter tokens) {
    OptimizedContext previous = lastViews.get(agentId);
    Patch delta = null;
    // What the agent takes in is the view itself; the window's wire wrapping (budget, references
    // list) is the server's envelope, not the agent's context.
    long delivered = tokens.count(window.context());
    boolean comparable = previous != null && previous.isLocalFallback() == (source == OptimizationSource.LOCAL_FALLBACK);
    if (comparable) {
      Patch p = Patch.diff(previous.view(), window.context());
      long patchTokens = tokens.count(p);
      if (patchTokens < delivered) {
        delta = p;
        delivered = patchTokens;
      }
    }
    OptimizedContext result = new OptimizedContext(projectId, agentId, source, version, window, delta, contextTokens,
        delivered, reason);
    lastViews.put(agentId, result);
    return result;
  }

  /** Forgets every agent's last view. */
  public void forgetAll() {
    lastViews.clear();
  }

  /** Forgets an agent's last view: its next view is delivered whole. */
  public void forget(String agentId) {
    lastViews.remove(agentId);
  }
}
