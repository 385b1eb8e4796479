package dev.sharedcontext.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Every open connection, for the connection limit, the {@code activeConnections} figure and the
 * graceful shutdown. A channel leaves the group by itself when it closes.
 */
final class Connections {
  private final ChannelGroup all = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
  private final int max;
  private final ServerMetrics metrics;

  Connections(int max, ServerMetrics metrics) {
    this.max = max;
    this.metrics = metrics;
  }

  /** Adds a new connection; false (and the caller closes it) when the limit is reached. */
  boolean admit(Channel ch) {
    if (all.size() >= max) {
      return false;
    }
    all.add(ch);
    metrics.connections.incrementAndGet();
    ch.closeFuture().addListener(f -> metrics.connections.decrementAndGet());
    return true;
  }

  int size() {
    return all.size();
  }

  ChannelGroup group() {
    return all;
  }
}
