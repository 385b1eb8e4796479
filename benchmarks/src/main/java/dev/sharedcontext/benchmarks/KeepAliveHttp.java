package dev.sharedcontext.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection for a load generator's requests: a request is written in
 * one go and its answer read when asked, so the measured side's latency holds no client library's
 * thread hand-offs (the Redis side's publisher is one persistent Lettuce connection likewise).
 * Understands only {@code Content-Length} answers, which is all the server sends to these requests.
 * Not thread-safe.
 */
final class KeepAliveHttp implements AutoCloseable {
  /** A status and a body. */
  record Answer(int status, String body) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;

  KeepAliveHttp(String host, int port) {
    try {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
    }
    this.host = host + ":" + port;
  }

  /** Sends {@code POST path} with a JSON body; read its answer with {@link #answer()}. */
  void post(String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    try {
      out.write(request);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path + " failed", e);
    }
  }

  /** The answer to the oldest request not yet read. */
  Answer answer() {
    try {
      String status = line();
      if (!status.startsWith("HTTP/1.1 ")) {
        throw new BenchmarkException("not an HTTP answer: " + status);
      }
      int length = -1;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(h.substring("content-length:".length()).trim());
        }
      }
      if (length < 0) {
        throw new BenchmarkException("an answer without Content-Length: " + status);
      }
      return new Answer(Integer.parseInt(status.substring(9, 12)),
          new String(in.readNBytes(length), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("reading an answer failed", e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the server closed the connection");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that was wanted
    }
  }
}
