package dev.sharedcontext.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A TCP proxy on loopback, port 0, that forwards to a target and cuts connections: each new
 * connection draws a byte budget for the server-to-client direction from {@link #cutAfter}, and
 * is cut (both sockets closed, mid-frame if it falls there) once that many bytes went through.
 * Plain blocking sockets, two daemon threads per connection. Close is safe twice.
 */
final class ChaosProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong cuts = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile LongSupplier cutAfter = () -> Long.MAX_VALUE;
  private volatile boolean closed;

  ChaosProxy(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("chaos-proxy-accept", this::acceptLoop).start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Where new connections' budgets come from ({@link Long#MAX_VALUE}: never cut). */
  void cutAfter(LongSupplier budget) {
    this.cutAfter = budget;
  }

  /** Cuts every open connection now. */
  void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /** Connections cut because their budget ran out. */
  long cuts() {
    return cuts.get();
  }

  long connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      Socket server = new Socket();
      try {
        server.connect(target, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      sockets.add(client);
      sockets.add(server);
      long budget = cutAfter.getAsLong();
      daemon("chaos-proxy-up", () -> pump(client, server, Long.MAX_VALUE)).start();
      daemon("chaos-proxy-down", () -> pump(server, client, budget)).start();
    }
  }

  private void pump(Socket from, Socket to, long budget) {
    byte[] buf = new byte[8192];
    long left = budget;
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n >= left) {
          out.write(buf, 0, (int) left);
          out.flush();
          cuts.incrementAndGet();
          break;
        }
        out.write(buf, 0, n);
        out.flush();
        left -= n;
      }
    } catch (IOException e) {
      // the other direction closed the sockets, or a peer went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
  }
}
