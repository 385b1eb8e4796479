package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.store.ContextChange;
import dev.sharedcontext.core.store.ContextListener;
import dev.sharedcontext.core.store.DeleteReason;
import dev.sharedcontext.core.store.Subscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners of a store; a throwing listener is logged and skipped, never fatal. */
public final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final CopyOnWriteArrayList<ContextListener> listeners = new CopyOnWriteArrayList<>();

  public Subscription add(ContextListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void commit(ContextChange change) {
    for (ContextListener l : listeners) {
      try {
        l.onCommit(change);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        log.warn("context listener {} failed on version {} of {}", l, change.version().version(),
            change.projectId(), e);
      }
    }
  }

  public void delete(String projectId, DeleteReason reason) {
    for (ContextListener l : listeners) {
      try {
        l.onDelete(projectId, reason);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        log.warn("context listener {} failed on deletion of {}", l, projectId, e);
      }
    }
  }
}
