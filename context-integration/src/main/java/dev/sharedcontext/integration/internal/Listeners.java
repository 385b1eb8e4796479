package dev.sharedcontext.integration.internal;

import dev.sharedcontext.integration.AgentOutcome;
import dev.sharedcontext.integration.AgentSpec;
import dev.sharedcontext.integration.HealthEvent;
import dev.sharedcontext.integration.IntegrationListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integration's listeners, called one by one on the caller's thread. A listener that throws
 * is logged at WARN and the others still run: user code never breaks the integration's threads.
 */
public final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<IntegrationListener> listeners = new CopyOnWriteArrayList<>();

  public void add(IntegrationListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  public void remove(IntegrationListener l) {
    listeners.remove(l);
  }

  public void healthChanged(HealthEvent e) {
    each("onHealthChanged", l -> l.onHealthChanged(e));
  }

  public void agentStarted(AgentSpec a) {
    each("onAgentStarted", l -> l.onAgentStarted(a));
  }

  public void agentFinished(AgentOutcome o) {
    each("onAgentFinished", l -> l.onAgentFinished(o));
  }

  private void each(String what, Consumer<IntegrationListener> call) {
    for (IntegrationListener l : listeners) {
      Callbacks.run(what + " of " + l.getClass().getName(), () -> call.accept(l));
    }
  }

  /** Runs user code so that whatever it throws is logged, never propagated. */
  public static final class Callbacks {
    private Callbacks() {}

    public static void run(String what, Runnable userCode) {
      try {
        userCode.run();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        log.warn("{} threw; ignored", what, e);
      }
    }
  }
}
