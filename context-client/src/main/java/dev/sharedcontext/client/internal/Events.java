package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the listeners on their own lane: in order, one at a time, never on the
 * cache's lane, so a listener that calls the client synchronously cannot deadlock it, and a slow
 * listener delays only other listeners. A throwing listener is logged at WARN.
 */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
  private final SerialExecutor lane;
  private volatile boolean closed;

  Events(Executor executor, List<ClientListener> initial) {
    this.lane = new SerialExecutor(executor, "events");
    this.listeners.addAll(initial);
  }

  void add(ClientListener listener) {
    listeners.add(listener);
  }

  void remove(ClientListener listener) {
    listeners.remove(listener);
  }

  /** No event is delivered after this. */
  void close() {
    closed = true;
  }

  void snapshot(long version, ContextDocument document) {
    fire("onSnapshot", l -> l.onSnapshot(version, document));
  }

  void update(long version, Patch patch, String agentId, long tokensSaved) {
    fire("onUpdate", l -> l.onUpdate(version, patch, agentId, tokensSaved));
  }

  void connected() {
    fire("onConnected", ClientListener::onConnected);
  }

  void disconnected(Throwable cause) {
    fire("onDisconnected", l -> l.onDisconnected(cause));
  }

  void reconnecting(int attempt, Duration delay) {
    fire("onReconnecting", l -> l.onReconnecting(attempt, delay));
  }

  void resynced(long fromVersion, long toVersion) {
    fire("onResynced", l -> l.onResynced(fromVersion, toVersion));
  }

  void deleted() {
    fire("onDeleted", ClientListener::onDeleted);
  }

  void error(ContextException error) {
    fire("onError", l -> l.onError(error));
  }

  private void fire(String name, Consumer<ClientListener> event) {
    if (closed || listeners.isEmpty()) {
      return;
    }
    try {
      lane.execute(() -> {
        for (ClientListener l : listeners) {
          if (closed) {
            return;
          }
          try {
            event.accept(l);
          } catch (RuntimeException e) {
            LOG.warn("listener {} threw from {}", l, name, e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("event {} dropped: the executor is shut down", name);
    }
  }
}
