package dev.sharedcontext.testing.internal;

import java.nio.charset.StandardCharsets;

/**
 * Follows the server-to-client bytes of one connection far enough to know where WebSocket frames
 * begin, so that a close frame can be slipped in between two frames, never inside one.
 *
 * <p>The first response's headers decide: {@code 101} makes the connection a WebSocket, anything
 * else a plain HTTP connection, which is never tracked further (the JDK opens a fresh connection
 * for every WebSocket handshake). Not thread-safe: the proxy calls it under its connection lock.
 */
public final class FrameTracker {
  private enum Mode { HEADERS, WEBSOCKET, HTTP }

  private static final int MAX_STATUS_LINE = 256;

  private Mode mode = Mode.HEADERS;
  private final StringBuilder statusLine = new StringBuilder();
  private boolean statusLineDone;
  private int crlfMatched; // how much of "\r\n\r\n" the last bytes matched

  private final byte[] header = new byte[14];
  private int headerLen;
  private long payloadLeft;

  /**
   * Consumes bytes from {@code buf[off, off + len)} up to the next boundary worth stopping at
   * (the end of the headers, of a frame header, or of a frame's payload) and returns how many it
   * consumed: at least 1 when {@code len > 0}.
   */
  public int advance(byte[] buf, int off, int len) {
    return switch (mode) {
      case HTTP -> len;
      case HEADERS -> headers(buf, off, len);
      case WEBSOCKET -> frames(buf, off, len);
    };
  }

  /** True if the connection speaks WebSocket and the bytes so far end exactly between two frames. */
  public boolean atFrameBoundary() {
    return mode == Mode.WEBSOCKET && headerLen == 0 && payloadLeft == 0;
  }

  public boolean isWebSocket() {
    return mode == Mode.WEBSOCKET;
  }

  /** The bytes of an unmasked close frame (server to client) with {@code code} and {@code reason}. */
  public static byte[] closeFrame(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[4 + r.length];
    frame[0] = (byte) 0x88; // FIN + opcode 8 (close)
    frame[1] = (byte) (2 + r.length); // at most 125: checked by Fault.CloseWithCode
    frame[2] = (byte) (code >>> 8);
    frame[3] = (byte) code;
    System.arraycopy(r, 0, frame, 4, r.length);
    return frame;
  }

  private int headers(byte[] buf, int off, int len) {
    for (int i = 0; i < len; i++) {
      byte b = buf[off + i];
      if (!statusLineDone) {
        if (b == '\r' || b == '\n' || statusLine.length() >= MAX_STATUS_LINE) {
          statusLineDone = true;
        } else {
          statusLine.append((char) (b & 0xff));
        }
      }
      crlfMatched = b == (crlfMatched % 2 == 0 ? '\r' : '\n') ? crlfMatched + 1 : (b == '\r' ? 1 : 0);
      if (crlfMatched == 4) {
        String[] parts = statusLine.toString().split(" ", 3);
        mode = parts.length >= 2 && parts[1].equals("101") ? Mode.WEBSOCKET : Mode.HTTP;
        return i + 1;
      }
    }
    return len;
  }

  private int frames(byte[] buf, int off, int len) {
    if (payloadLeft > 0) {
      int n = (int) Math.min(payloadLeft, len);
      payloadLeft -= n;
      return n;
    }
    int i = 0;
    while (i < len) {
      header[headerLen++] = buf[off + i++];
      int needed = headerLength();
      if (headerLen == needed) {
        payloadLeft = payloadLength();
        headerLen = 0;
        return i;
      }
    }
    return len;
  }

  /** The length of the frame header being read, as far as its first bytes tell. */
  private int headerLength() {
    if (headerLen < 2) {
      return 2;
    }
    int len7 = header[1] & 0x7f;
    int n = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
    return n + ((header[1] & 0x80) != 0 ? 4 : 0); // a mask, which servers do not send; counted anyway
  }

  private long payloadLength() {
    int len7 = header[1] & 0x7f;
    if (len7 < 126) {
      return len7;
    }
    int bytes = len7 == 126 ? 2 : 8;
    long n = 0;
    for (int k = 0; k < bytes; k++) {
      n = (n << 8) | (header[2 + k] & 0xff);
    }
    return n;
  }
}
