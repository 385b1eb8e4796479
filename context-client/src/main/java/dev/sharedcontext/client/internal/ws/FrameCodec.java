package dev.sharedcontext.client.internal.ws;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/**
 * RFC 6455 §5.2 framing for the client side: reads the server's frames (which must not be
 * masked) and writes the client's (which must be, with a fresh key per frame, §5.3).
 */
public final class FrameCodec {
  private FrameCodec() {}

  /**
   * Reads one frame header and checks what can be checked without context: no mask, RSV2 and
   * RSV3 clear (no negotiated extension uses them), a known opcode, control frames unfragmented,
   * at most 125 bytes and without RSV1.
   *
   * @throws EOFException when the stream ends, also in the middle of the header
   * @throws WebSocketProtocolException when the header breaks the rules above
   */
  public static Frame readHeader(InputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      throw new EOFException("the connection ended without a close frame");
    }
    int b1 = readByte(in);
    boolean fin = (b0 & 0x80) != 0;
    boolean rsv1 = (b0 & 0x40) != 0;
    int opcode = b0 & 0x0f;
    if ((b0 & 0x30) != 0) {
      throw protocol("RSV2 or RSV3 set");
    }
    if ((b1 & 0x80) != 0) {
      throw protocol("a frame from the server is masked"); // §5.1: the client must fail the connection
    }
    long length = b1 & 0x7f;
    if (length == 126) {
      length = readBigEndian(in, 2);
    } else if (length == 127) {
      length = readBigEndian(in, 8);
      if (length < 0) {
        throw protocol("a 64-bit length with the most significant bit set");
      }
    }
    boolean known = opcode <= Frame.OP_BINARY || opcode >= Frame.OP_CLOSE && opcode <= Frame.OP_PONG;
    if (!known) {
      throw protocol("unknown opcode " + opcode);
    }
    Frame frame = new Frame(fin, rsv1, opcode, length);
    if (frame.isControl() && (!fin || length > 125 || rsv1)) {
      throw protocol("a control frame fragmented, longer than 125 bytes or with RSV1");
    }
    return frame;
  }

  /** Reads a payload of {@code length} bytes; the caller has checked that it is within its limits. */
  public static byte[] readPayload(InputStream in, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("frame of " + length + " bytes");
    }
    // readNBytes grows its buffer as bytes arrive: a length the peer never sends allocates nothing.
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      throw new EOFException("the connection ended in the middle of a frame");
    }
    return payload;
  }

  /**
   * One complete, unfragmented, masked client frame, ready to be written in one piece (so that
   * two writers under one lock never interleave parts of frames).
   */
  public static byte[] encode(int opcode, byte[] payload, Random maskSource) {
    int n = payload.length;
    int lengthBytes = n <= 125 ? 0 : n <= 0xffff ? 2 : 8;
    byte[] out = new byte[2 + lengthBytes + 4 + n];
    out[0] = (byte) (0x80 | opcode);
    int i = 2;
    if (lengthBytes == 0) {
      out[1] = (byte) (0x80 | n);
    } else if (lengthBytes == 2) {
      out[1] = (byte) (0x80 | 126);
      out[i++] = (byte) (n >>> 8);
      out[i++] = (byte) n;
    } else {
      out[1] = (byte) (0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out[i++] = (byte) ((long) n >>> shift);
      }
    }
    byte[] mask = new byte[4];
    maskSource.nextBytes(mask);
    System.arraycopy(mask, 0, out, i, 4);
    i += 4;
    for (int k = 0; k < n; k++) {
      out[i + k] = (byte) (payload[k] ^ mask[k & 3]);
    }
    return out;
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the connection ended in the middle of a frame");
    }
    return b;
  }

  private static long readBigEndian(InputStream in, int bytes) throws IOException {
    long v = 0;
    for (int k = 0; k < bytes; k++) {
      v = v << 8 | readByte(in);
    }
    return v;
  }

  private static WebSocketProtocolException protocol(String message) {
    return new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR, message);
  }
}
