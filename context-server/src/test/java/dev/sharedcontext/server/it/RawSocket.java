package dev.sharedcontext.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare TCP connection for what well-behaved clients never send: garbage, trickles, raw frames. */
public final class RawSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  /** A parsed HTTP response. */
  public record Response(int status, Map<String, String> headers, String body) {}

  public RawSocket(int port) {
    this(port, -1);
  }

  /** @param receiveBuffer SO_RCVBUF to set before connecting, or -1 for the default */
  public RawSocket(int port, int receiveBuffer) {
    try {
      socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RawSocket send(String ascii) {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawSocket send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public void shutdownOutput() {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one HTTP response (headers, then a Content-Length body). */
  public Response readResponse() {
    try {
      String head = readHead();
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before a response: " + out);
      }
      out.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** True if the server closes the connection within {@code millis} (reading and discarding). */
  public boolean closedWithin(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      byte[] buf = new byte[8192];
      while (System.currentTimeMillis() < deadline) {
        socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
        try {
          if (in.read(buf) < 0) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          return false;
        }
      }
      return false;
    } catch (IOException e) {
      return true; // reset counts as closed
    }
  }

  /** Sends a WebSocket upgrade for {@code path} and reads the 101 answer. */
  public Response upgrade(String path) {
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    return readResponse();
  }

  /** Writes one masked client frame. */
  public RawSocket frame(int opcode, byte[] payload, boolean fin) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    int n = payload.length;
    if (n < 126) {
      f.write(0x80 | n);
    } else if (n < 65536) {
      f.write(0x80 | 126);
      f.write(n >> 8);
      f.write(n);
    } else {
      f.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) n >> (8 * i)));
      }
    }
    byte[] mask = {1, 2, 3, 4};
    f.write(mask, 0, 4);
    for (int i = 0; i < n; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    return send(f.toByteArray());
  }

  /** Reads the next server frame that is not a ping (idle pings may come at any time). */
  public Frame readFrame() {
    while (true) {
      Frame f = readAnyFrame();
      if (f.opcode() != 0x9) {
        return f;
      }
    }
  }

  /** Reads one server frame (unmasked): opcode and payload. */
  public Frame readAnyFrame() {
    try {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        throw new IOException("closed");
      }
      long len = b1 & 0x7f;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | in.read();
        }
      }
      return new Frame(b0 & 0x0f, in.readNBytes((int) len));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server frame. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket
    }
  }
}
