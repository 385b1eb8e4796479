package dev.sharedcontext.client.internal;

import dev.sharedcontext.core.ContextException;
import java.time.Duration;
import java.util.function.Consumer;

/** The client's main stream: context messages into the cache, connection events to the client's listeners. */
final class ContextFeed implements StreamFeed {
  private final String projectId;
  private final ContextCache cache;
  private final StreamHandler handler;
  private final Events events;
  private final Counters counters;
  private Runnable healthy = () -> { };

  ContextFeed(String projectId, ContextCache cache, StreamHandler handler, Events events, Counters counters) {
    this.projectId = projectId;
    this.cache = cache;
    this.handler = handler;
    this.events = events;
    this.counters = counters;
  }

  @Override
  public String name() {
    return "stream of " + projectId;
  }

  @Override
  public long resumeVersion() {
    return cache.version();
  }

  @Override
  public String query() {
    return "";
  }

  @Override
  public void bind(Consumer<Throwable> dropConnection, Runnable resume, Runnable healthy) {
    handler.bind(dropConnection, resume);
    this.healthy = healthy;
  }

  @Override
  public boolean message(StreamSession session, String text) {
    return handler.message(session, text);
  }

  @Override
  public void connected() {
    // An open connection counts as good: a message the cache cannot take is repaired over HTTP
    // (StreamHandler's resync), not by reconnecting, so no reconnect loop starts here.
    healthy.run();
    counters.connects.increment();
    events.connected();
  }

  @Override
  public void ended(boolean wasOpen, Throwable cause) {
    handler.disconnected();
    if (wasOpen) {
      events.disconnected(cause);
    }
  }

  @Override
  public void reconnecting(int attempt, Duration delay) {
    events.reconnecting(attempt, delay);
  }

  @Override
  public void gaveUp(ContextException error) {
    events.error(error);
  }
}
