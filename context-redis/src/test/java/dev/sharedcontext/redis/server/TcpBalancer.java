package dev.sharedcontext.redis.server;

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

/**
 * A one-address load balancer for tests: a TCP proxy on loopback, port 0, that sends each new
 * connection to its current target. {@link #pointTo} re-points it (connections already open keep
 * their server); {@link #cutAll} drops every open connection at once, mid-frame if it falls there,
 * as a crashed server would. Plain blocking sockets, two daemon threads per connection. Close is
 * safe twice.
 */
final class TcpBalancer implements AutoCloseable {
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong connections = new AtomicLong();
  private volatile int targetPort;
  private volatile boolean closed;

  TcpBalancer(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    daemon("balancer-accept", this::acceptLoop).start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** New connections go to {@code port} from now on. */
  void pointTo(int port) {
    this.targetPort = port;
  }

  /** Closes every open connection, both sides. */
  void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /** Connections accepted so far. */
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
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        server.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(client); // the target is down: the client sees a refused connection, as behind a real balancer
        closeQuietly(server);
        continue;
      }
      sockets.add(client);
      sockets.add(server);
      daemon("balancer-up", () -> pump(client, server)).start();
      daemon("balancer-down", () -> pump(server, client)).start();
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // cut, or a peer went away
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
