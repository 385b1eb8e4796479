package dev.sharedcontext.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTrackerTest {
  private static final byte[] UPGRADE = ("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
      + "connection: upgrade\r\nsec-websocket-accept: abc\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  @Test
  void findsTheBoundariesOfFramesOfEverySizeWhateverTheChunks() {
    byte[] stream = concat(UPGRADE, text(5), text(300), text(70_000), text(0));
    int[] boundaries = {UPGRADE.length, UPGRADE.length + 7, UPGRADE.length + 7 + 304,
        UPGRADE.length + 7 + 304 + 70_010, stream.length};
    for (int chunk : new int[] {1, 3, 7, 1000, stream.length}) {
      FrameTracker t = new FrameTracker();
      StringBuilder seen = new StringBuilder();
      int pos = 0;
      while (pos < stream.length) {
        int end = Math.min(stream.length, pos + chunk);
        while (pos < end) {
          pos += t.advance(stream, pos, end - pos);
          if (t.atFrameBoundary()) {
            seen.append(pos).append(' ');
          }
        }
      }
      StringBuilder expected = new StringBuilder();
      for (int b : boundaries) {
        expected.append(b).append(' ');
      }
      assertThat(seen.toString()).as("chunks of %d", chunk).isEqualTo(expected.toString());
    }
  }

  @Test
  void aPlainHttpResponseIsNeverAWebSocket() {
    byte[] response = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);
    FrameTracker t = new FrameTracker();
    int pos = 0;
    while (pos < response.length) {
      pos += t.advance(response, pos, response.length - pos);
      assertThat(t.atFrameBoundary()).isFalse();
    }
    assertThat(t.isWebSocket()).isFalse();
  }

  @Test
  void aCloseFrameCarriesTheCodeAndReason() {
    byte[] f = FrameTracker.closeFrame(4001, "bye");
    assertThat(f).containsExactly(0x88, 5, 4001 >> 8, 4001 & 0xff, 'b', 'y', 'e');
  }

  /** An unmasked text frame with {@code n} payload bytes. */
  private static byte[] text(int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x81);
    if (n < 126) {
      out.write(n);
    } else if (n < 65_536) {
      out.write(126);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) n >> shift));
      }
    }
    for (int i = 0; i < n; i++) {
      out.write('x');
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
