package dev.sharedcontext.client;

import dev.sharedcontext.client.internal.ws.Handshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server on loopback, port 0, that accepts every upgrade and sends each connection
 * the next scripted list of text messages (uncompressed), then holds it open, or, when the
 * list ends with {@link #CLOSE}, closes it with status 1001. Records each
 * upgrade's request target. Close is safe twice.
 */
final class ScriptedWebSocketServer implements AutoCloseable {
  /** As the last message of a script: close the connection (1001, going away). */
  static final String CLOSE = "\u0000close";

  private final ServerSocket socket;
  private final BlockingQueue<List<String>> scripts = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> targets = new LinkedBlockingQueue<>();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  ScriptedWebSocketServer() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::accept, "scripted-ws");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** The messages for the next connection. */
  ScriptedWebSocketServer enqueue(String... messages) {
    scripts.add(List.of(messages));
    return this;
  }

  /** The request target of the next upgrade, waiting up to 10 s. */
  String takeTarget() throws InterruptedException {
    String t = targets.poll(10, TimeUnit.SECONDS);
    if (t == null) {
      throw new AssertionError("no upgrade within 10 s");
    }
    return t;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        accepted.add(s);
        serve(s);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    BufferedReader head = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1);
    String requestLine = head.readLine();
    String key = null;
    for (String line = head.readLine(); line != null && !line.isEmpty(); line = head.readLine()) {
      if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
        key = line.substring(18).trim();
      }
    }
    targets.add(requestLine.split(" ")[1]);
    OutputStream out = s.getOutputStream();
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Handshake.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    List<String> script = scripts.poll();
    for (String m : script == null ? List.<String>of() : script) {
      if (m.equals(CLOSE)) {
        out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xe9});
        out.flush();
        s.close();
        return;
      }
      byte[] p = m.getBytes(StandardCharsets.UTF_8);
      out.write(0x81);
      if (p.length <= 125) {
        out.write(p.length);
      } else {
        out.write(126);
        out.write(p.length >>> 8);
        out.write(p.length);
      }
      out.write(p);
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
