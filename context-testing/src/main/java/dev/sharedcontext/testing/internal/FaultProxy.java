package dev.sharedcontext.testing.internal;

import dev.sharedcontext.testing.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback, port 0, in front of one server, that injects {@link Fault}s. Plain
 * blocking sockets: one accept thread and two pump threads per connection, all daemon threads
 * named {@value #THREAD_PREFIX}..., all joined by {@link #close()}, which is safe twice.
 */
public final class FaultProxy implements AutoCloseable {
  /** Every thread of a proxy has a name beginning with this. */
  public static final String THREAD_PREFIX = "sharedcontext-testing-proxy-";
  private static final long JOIN_MILLIS = 5_000;

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Gate gate = new Gate();
  private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger threadIds = new AtomicInteger();
  private volatile boolean closed;

  /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
  public FaultProxy(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start("accept", this::acceptLoop);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  public long accepted() {
    return accepted.get();
  }

  /** Connections open now. */
  public int open() {
    return connections.size();
  }

  public void inject(Fault fault) {
    if (fault instanceof Fault.Drop) {
      for (ProxyConnection c : connections) {
        c.end(true);
      }
    } else if (fault instanceof Fault.Stall s) {
      gate.shutFor(s.duration());
    } else if (fault instanceof Fault.CloseWithCode c) {
      for (ProxyConnection conn : connections) {
        conn.closeStream(c.code(), c.reason());
      }
    }
  }

  /** Ends a stall now. */
  public void resume() {
    gate.open();
  }

  public boolean stalled() {
    return gate.isShut();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      Socket server = new Socket();
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(target, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      ProxyConnection[] self = new ProxyConnection[1];
      ProxyConnection c = new ProxyConnection(client, server, gate, () -> connections.remove(self[0]));
      self[0] = c;
      connections.add(c);
      if (closed) {
        c.end(true); // close() ran while this one was being set up
        return;
      }
      start("up", c::pumpUp);
      start("down", c::pumpDown);
    }
  }

  private void start(String role, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, THREAD_PREFIX + role + "-" + threadIds.incrementAndGet());
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** Stops accepting, resets every connection and waits for every thread of the proxy to end. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(listener);
    gate.open();
    for (ProxyConnection c : connections) {
      c.end(true);
    }
    long deadline = System.currentTimeMillis() + JOIN_MILLIS;
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
