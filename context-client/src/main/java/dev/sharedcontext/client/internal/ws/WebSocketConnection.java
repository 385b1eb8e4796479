package dev.sharedcontext.client.internal.ws;

import dev.sharedcontext.core.LimitExceededException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A client WebSocket (RFC 6455) on a plain or TLS socket, with permessage-deflate (RFC 7692)
 * for what the server sends. Written on the JDK alone because the JDK's own
 * {@code java.net.http.WebSocket} may not send {@code Sec-WebSocket-Extensions} and cannot
 * inflate.
 *
 * <p>One daemon reader thread per connection opens it and then reads one message per
 * {@link #request()}: while the owner asks for nothing, nothing is read and the server's TCP
 * window fills, which is how the server learns to hold back (and coalesce) its backlog. Pings
 * are answered and a close is echoed while a message is being read.
 *
 * <p>The client sends only small control messages, uncompressed (RFC 7692 §6 leaves that to
 * each sender), so there is no deflater here and {@code client_no_context_takeover} needs no
 * action. Thread-safe.
 */
public final class WebSocketConnection {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** RFC 6455 §7.4.1: no status code was present. */
  public static final int NO_STATUS = 1005;
  private static final int MESSAGE_TOO_BIG = 1009;

  private final URI uri;
  private final WebSocketConfig config;
  private final WebSocketListener listener;
  private final Semaphore demand = new Semaphore(0);
  private final Object writeLock = new Object();
  private final AtomicBoolean done = new AtomicBoolean();
  private final Thread reader;
  private volatile boolean aborted;
  private volatile Socket socket;
  private volatile Handshake.Deflate deflate;
  private volatile String extensions;
  private volatile long lastReadNanos = System.nanoTime();
  private OutputStream out; // guarded by writeLock
  private boolean closeSent; // guarded by writeLock

  private WebSocketConnection(URI uri, WebSocketConfig config, WebSocketListener listener) {
    this.uri = uri;
    this.config = config;
    this.listener = listener;
    this.reader = new Thread(this::run, config.threadName());
    reader.setDaemon(true);
  }

  /**
   * Starts opening a connection to {@code uri} ({@code ws://} or {@code wss://}) on a new reader
   * thread and returns at once; {@code listener} hears how it goes.
   */
  public static WebSocketConnection open(URI uri, WebSocketConfig config, WebSocketListener listener) {
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException("not a ws or wss URI with a host: " + uri);
    }
    WebSocketConnection c = new WebSocketConnection(uri, config, listener);
    c.reader.start();
    return c;
  }

  /** Reads one more message. */
  public void request() {
    demand.release();
  }

  /** The server's {@code Sec-WebSocket-Extensions} answer, or null (none, or not open yet). */
  public String extensions() {
    return extensions;
  }

  /** True when the server agreed to permessage-deflate. */
  public boolean isCompressed() {
    return deflate != null;
  }

  /** {@link System#nanoTime()} when a frame (of any kind) last arrived, or when the connection began. */
  public long lastReadNanos() {
    return lastReadNanos;
  }

  /** Sends a text message, unfragmented and uncompressed; blocks while the socket does. */
  public void sendText(String text) throws IOException {
    send(Frame.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Closes the socket at once, without a closing handshake; the listener hears nothing more.
   * Idempotent, any thread.
   */
  public void abort() {
    aborted = true;
    done.set(true);
    closeQuietly(socket);
    demand.release(); // wakes a reader waiting for demand, which then sees aborted
  }

  private void run() {
    MessageInflater inflater = null;
    try {
      InputStream in = connect();
      Handshake.Deflate d = deflate;
      if (d != null) {
        inflater = new MessageInflater(d.serverNoContextTakeover());
      }
      if (aborted) {
        return;
      }
      listener.onOpen(this);
      while (true) {
        demand.acquire();
        if (aborted) {
          return;
        }
        String text = readMessage(in, inflater);
        if (text == null) {
          return; // the server closed; the listener heard it
        }
        listener.onText(this, text);
      }
    } catch (InterruptedException e) {
      fail(e);
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      if (inflater != null) {
        inflater.close();
      }
      closeQuietly(socket);
    }
  }

  private InputStream connect() throws IOException {
    Socket s = new Socket();
    socket = s;
    if (aborted) {
      throw new IOException("aborted");
    }
    boolean secure = Handshake.isSecure(uri);
    String host = uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), timeout);
    s.setSoTimeout(timeout); // bounds the TLS handshake and each read of the upgrade's answer
    if (secure) {
      s = tls(s, host, port);
    }
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    OutputStream o = s.getOutputStream();
    o.write(Handshake.request(uri, key, config.authToken(), config.offerDeflate()));
    o.flush();
    InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    Handshake.Response response = Handshake.readResponse(in);
    if (response.status() != 101) {
      throw new UpgradeRejectedException(response.status(), response.body());
    }
    deflate = Handshake.verify(response, key, config.offerDeflate());
    extensions = response.headers().get("sec-websocket-extensions");
    s.setSoTimeout(0); // from here silence is the owner's watchdog's business
    synchronized (writeLock) {
      out = o;
    }
    lastReadNanos = System.nanoTime();
    return in;
  }

  private SSLSocket tls(Socket plain, String host, int port) throws IOException {
    SSLSocket ssl;
    try {
      ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(plain, host, port, true);
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("no default TLS context", e);
    }
    SSLParameters p = ssl.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names this host
    ssl.setSSLParameters(p);
    socket = ssl;
    if (aborted) {
      throw new IOException("aborted");
    }
    ssl.startHandshake();
    return ssl;
  }

  /** The next text message; null once a close frame was handled. Binary messages are skipped. */
  private String readMessage(InputStream in, MessageInflater inflater) throws IOException {
    long max = config.maxMessageBytes();
    ByteArrayOutputStream message = null;
    boolean compressed = false;
    boolean binary = false;
    while (true) {
      Frame f = FrameCodec.readHeader(in);
      lastReadNanos = System.nanoTime();
      if (f.isControl()) {
        byte[] payload = FrameCodec.readPayload(in, f.length());
        if (f.opcode() == Frame.OP_PING) {
          send(Frame.OP_PONG, payload);
        } else if (f.opcode() == Frame.OP_CLOSE) {
          closed(payload);
          return null;
        }
        continue; // control frames may come between the fragments of a message (RFC 6455 §5.4)
      }
      if (f.opcode() == Frame.OP_CONTINUATION) {
        if (message == null) {
          throw protocol("a continuation frame outside a message");
        }
        if (f.rsv1()) {
          throw protocol("RSV1 on a continuation frame"); // RFC 7692 §6.1: only on the first frame
        }
      } else {
        if (message != null) {
          throw protocol("a new message before the last one ended");
        }
        if (f.rsv1() && inflater == null) {
          throw protocol("RSV1 without permessage-deflate negotiated");
        }
        message = new ByteArrayOutputStream((int) Math.min(f.length(), 64 * 1024));
        compressed = f.rsv1();
        binary = f.opcode() == Frame.OP_BINARY;
      }
      if (message.size() + f.length() > max) {
        throw LimitExceededException.tooLarge("maxResponseBytes", max, "a stream message");
      }
      message.write(FrameCodec.readPayload(in, f.length()));
      if (!f.fin()) {
        continue;
      }
      byte[] data = message.toByteArray();
      message = null;
      if (compressed) {
        data = inflater.inflate(data, data.length, max); // also for a skipped message: the window goes on
      }
      if (!binary) {
        return utf8(data, 0);
      }
      // The protocol has no binary messages: skip it, the demand still stands.
    }
  }

  /** A close from the server: echo it (RFC 6455 §5.5.1) and report it. */
  private void closed(byte[] payload) throws IOException {
    if (payload.length == 1) {
      throw protocol("a close frame with a one-byte body");
    }
    int status = payload.length == 0 ? NO_STATUS : (payload[0] & 0xff) << 8 | payload[1] & 0xff;
    String reason = payload.length > 2 ? utf8(payload, 2) : "";
    try {
      send(Frame.OP_CLOSE, payload.length == 0 ? payload : new byte[] {payload[0], payload[1]});
    } catch (IOException e) {
      // The server may already have closed its side; the close it sent is what counts.
    }
    if (done.compareAndSet(false, true)) {
      listener.onClose(this, status, reason);
    }
  }

  private void fail(Throwable error) {
    if (aborted) {
      return;
    }
    int code = error instanceof WebSocketProtocolException p ? p.closeCode()
        : error instanceof LimitExceededException ? MESSAGE_TOO_BIG : -1;
    if (code > 0) {
      try {
        send(Frame.OP_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
      } catch (IOException e) {
        // Best effort: the socket closes next either way.
      }
    }
    if (done.compareAndSet(false, true)) {
      listener.onError(this, error);
    }
  }

  private void send(int opcode, byte[] payload) throws IOException {
    byte[] frame = FrameCodec.encode(opcode, payload, RANDOM);
    synchronized (writeLock) {
      if (out == null || closeSent) {
        throw new IOException(out == null ? "the connection is not open" : "the connection is closing");
      }
      out.write(frame);
      out.flush();
      closeSent = opcode == Frame.OP_CLOSE;
    }
  }

  private static String utf8(byte[] data, int offset) throws WebSocketProtocolException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, offset, data.length - offset)).toString();
    } catch (CharacterCodingException e) {
      throw new WebSocketProtocolException(WebSocketProtocolException.INVALID_DATA, "text that is not UTF-8");
    }
  }

  private static WebSocketProtocolException protocol(String message) {
    return new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR, message);
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // Closing is all that was wanted.
      }
    }
  }
}
