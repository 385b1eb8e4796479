package dev.sharedcontext.client.internal.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/** The server's side of framing for tests: unmasked frames out, masked client frames in. */
final class ServerFrames {
  private ServerFrames() {}

  /** A client frame as read, unmasked; {@code mask} is null when it was not masked. */
  record ClientFrame(int b0, int opcode, byte[] mask, byte[] payload) {
    int closeCode() {
      return (payload[0] & 0xff) << 8 | payload[1] & 0xff;
    }
  }

  static byte[] frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
    int n = payload.length;
    if (n <= 125) {
      out.write(n);
    } else if (n <= 0xffff) {
      out.write(126);
      out.write(n >>> 8);
      out.write(n);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) n >>> shift));
      }
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static byte[] frame(int opcode, byte[] payload) {
    return frame(true, false, opcode, payload);
  }

  /** One message compressed as permessage-deflate sends it: sync-flushed, the 00 00 ff ff tail removed. */
  static byte[] deflate(Deflater deflater, byte[] message) {
    deflater.setInput(message);
    byte[] buf = new byte[message.length + 1024];
    int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
    if (n < 4 || buf[n - 4] != 0 || buf[n - 3] != 0 || buf[n - 2] != (byte) 0xff || buf[n - 1] != (byte) 0xff) {
      throw new AssertionError("a sync flush ends with 00 00 ff ff");
    }
    return Arrays.copyOf(buf, n - 4);
  }

  static ClientFrame read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int b0 = d.readUnsignedByte();
    int b1 = d.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = d.readUnsignedShort();
    } else if (len == 127) {
      len = d.readLong();
    }
    byte[] mask = null;
    if ((b1 & 0x80) != 0) {
      mask = new byte[4];
      d.readFully(mask);
    }
    byte[] payload = new byte[(int) len];
    d.readFully(payload);
    if (mask != null) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
    }
    return new ClientFrame(b0, b0 & 0x0f, mask, payload);
  }
}
