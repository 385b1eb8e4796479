package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ConnectionException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty bootstrap: event loops (NIO), bind, and the graceful close: stop accepting, tell
 * WebSockets 1001, let in-flight requests finish within the quiet period, then close what is
 * left and stop the threads, all within the shutdown timeout.
 */
public final class NettyServer {
  private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

  private static final long HANDLER_HANDOFF_QUIET_MILLIS = 50;
  /** Rounds of {@link #settle}: each lets one more hand-off between the two sides run. */
  private static final int MAX_SETTLE_ROUNDS = 16;

  private final ServerRuntime rt;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EventExecutorGroup handlers;
  private Channel serverChannel;

  public NettyServer(ServerRuntime rt) {
    this.rt = rt;
    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(rt.options.effectiveIoThreads(), NioIoHandler.newFactory());
    this.handlers = rt.options.handlerThreads() > 0 ? new DefaultEventExecutorGroup(rt.options.handlerThreads()) : null;
  }

  /**
   * Binds and starts serving; returns the bound address.
   *
   * @throws ConnectionException if the address cannot be bound (port taken, unknown host)
   */
  public InetSocketAddress bind(String host, int port) {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(rt.options.writeBufferLowWaterMark(), rt.options.writeBufferHighWaterMark()))
        .childHandler(new ServerInitializer(rt, handlers));
    try {
      serverChannel = b.bind(host, port).syncUninterruptibly().channel();
    } catch (Exception e) {
      stopThreads(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
      String why = e instanceof java.net.BindException ? "the port is already in use or not available"
          : String.valueOf(e.getMessage());
      throw new ConnectionException("cannot listen on " + host + ":" + port + ": " + why, e);
    }
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Graceful close; returns when everything is stopped or the shutdown timeout passed. */
  public void close() {
    long deadline = System.nanoTime() + rt.options.shutdownTimeout().toNanos();
    rt.startDraining();
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(remainingMillis(deadline));
    }
    for (Subscriber s : rt.feeds.all()) {
      s.shutdown();
    }
    rt.metricsStream.shutdown();
    for (Channel ch : rt.connections.group()) {
      ch.eventLoop().execute(() -> {
        RequestTimeoutHandler http = ch.pipeline().get(RequestTimeoutHandler.class);
        if (http != null && http.idle()) {
          ch.close(); // nothing in flight; busy ones close after their response (draining)
        }
      });
    }
    long quiet = Math.min(rt.options.shutdownQuietPeriod().toMillis(), remainingMillis(deadline));
    if (!rt.connections.group().newCloseFuture().awaitUninterruptibly(quiet)) {
      log.info("closing {} connections still busy after the quiet period", rt.connections.size());
      rt.connections.group().close().awaitUninterruptibly(remainingMillis(deadline));
    }
    settle(deadline);
    stopThreads(deadline);
    rt.close();
  }

  /**
   * With handler threads, waits until the event loops and the handler executors have no task
   * left. A closed channel passes its last events (inactive, unregistered, handlers removed) back
   * and forth between its event loop and its handler executor after its close has completed;
   * stopping one side before the other's last hand-off rejects that hand-off, with a warning per
   * channel. A quiet period alone did not do: a loop kept off the CPU longer than the period (a
   * busy machine) handed its events to an executor that had already stopped. So: rounds of an
   * empty task on every executor of both sides, until a round finds nothing queued behind it.
   */
  private void settle(long deadline) {
    if (handlers == null) {
      return;
    }
    for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      if (!passedThrough(workers, deadline) || !passedThrough(handlers, deadline)) {
        return; // the deadline came: stop as we are
      }
      if (idle(workers) && idle(handlers)) {
        return;
      }
    }
  }

  /** True when an empty task has run on every executor of {@code group} before the deadline. */
  private static boolean passedThrough(EventExecutorGroup group, long deadline) {
    List<Future<?>> marks = new ArrayList<>();
    for (EventExecutor e : group) {
      try {
        marks.add(e.submit(() -> { }));
      } catch (RejectedExecutionException stopped) {
        return false; // already stopping: nothing left to wait for
      }
    }
    for (Future<?> mark : marks) {
      if (!mark.awaitUninterruptibly(remainingMillis(deadline))) {
        return false;
      }
    }
    return true;
  }

  private static boolean idle(EventExecutorGroup group) {
    for (EventExecutor e : group) {
      if (e instanceof SingleThreadEventExecutor s && s.pendingTasks() > 0) {
        return false;
      }
    }
    return true;
  }

  /** The handler executors, null without handler threads (for tests of the shutdown). */
  EventExecutorGroup handlerExecutors() {
    return handlers;
  }

  private void stopThreads(long deadline) {
    // With handler threads, a closing channel's pipeline is taken down by tasks passed back and
    // forth between its event loop and its handler executor. close() has settled them already; the
    // short quiet period covers a failed bind, which has nothing to settle, and any late task.
    long quiet = Math.min(handlers == null ? 0 : HANDLER_HANDOFF_QUIET_MILLIS, remainingMillis(deadline));
    Future<?> b = boss.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS);
    Future<?> w = workers.shutdownGracefully(quiet, remainingMillis(deadline), TimeUnit.MILLISECONDS);
    Future<?> h = handlers == null ? null : handlers.shutdownGracefully(quiet, remainingMillis(deadline), TimeUnit.MILLISECONDS);
    b.awaitUninterruptibly(remainingMillis(deadline));
    w.awaitUninterruptibly(remainingMillis(deadline));
    if (h != null) {
      h.awaitUninterruptibly(remainingMillis(deadline));
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
