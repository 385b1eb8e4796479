package dev.sharedcontext.client.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 200_000})
  void clientFramesAreMaskedWithTheShortestLengthThatFits(int length) throws IOException {
    byte[] payload = new byte[length];
    new Random(length).nextBytes(payload);
    byte[] frame = FrameCodec.encode(Frame.OP_TEXT, payload, new Random(7));
    int expectedHeader = 2 + (length <= 125 ? 0 : length <= 65535 ? 2 : 8) + 4;
    assertThat(frame).hasSize(expectedHeader + length);
    ServerFrames.ClientFrame read = ServerFrames.read(new ByteArrayInputStream(frame));
    assertThat(read.b0()).isEqualTo(0x80 | Frame.OP_TEXT);
    assertThat(read.mask()).isNotNull();
    assertThat(read.payload()).isEqualTo(payload);
    if (length >= 16) {
      assertThat(Arrays.copyOfRange(frame, expectedHeader, expectedHeader + 16))
          .as("the payload on the wire is masked").isNotEqualTo(Arrays.copyOf(payload, 16));
    }
  }

  @Test
  void everyFrameGetsItsOwnMask() throws IOException {
    Random random = new Random(1);
    byte[] a = FrameCodec.encode(Frame.OP_PING, new byte[4], random);
    byte[] b = FrameCodec.encode(Frame.OP_PING, new byte[4], random);
    assertThat(ServerFrames.read(new ByteArrayInputStream(a)).mask())
        .isNotEqualTo(ServerFrames.read(new ByteArrayInputStream(b)).mask());
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 125, 126, 65535, 65536, 100_000})
  void serverHeadersOfEveryLengthEncodingAreRead(int length) throws IOException {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) 'x');
    ByteArrayInputStream in = new ByteArrayInputStream(ServerFrames.frame(false, true, Frame.OP_TEXT, payload));
    Frame f = FrameCodec.readHeader(in);
    assertThat(f).isEqualTo(new Frame(false, true, Frame.OP_TEXT, length));
    assertThat(FrameCodec.readPayload(in, f.length())).isEqualTo(payload);
  }

  @Test
  void aMaskedServerFrameIsAProtocolError() {
    byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'};
    assertProtocolError(masked, "masked");
  }

  @Test
  void reservedBitsAndUnknownOpcodesAreProtocolErrors() {
    assertProtocolError(new byte[] {(byte) 0xA1, 0}, "RSV2");
    assertProtocolError(new byte[] {(byte) 0x91, 0}, "RSV2");
    assertProtocolError(new byte[] {(byte) 0x83, 0}, "opcode 3");
    assertProtocolError(new byte[] {(byte) 0x8B, 0}, "opcode 11");
  }

  @Test
  void controlFramesMustBeShortWholeAndWithoutRsv1() {
    assertProtocolError(ServerFrames.frame(Frame.OP_PING, new byte[126]), "control frame");
    assertProtocolError(ServerFrames.frame(false, false, Frame.OP_PING, new byte[1]), "control frame");
    assertProtocolError(ServerFrames.frame(true, true, Frame.OP_PONG, new byte[1]), "control frame");
  }

  @Test
  void aNegative64BitLengthIsAProtocolError() {
    byte[] f = {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
    assertProtocolError(f, "64-bit");
  }

  @Test
  void anEndInsideAFrameIsAnEofNotAShortPayload() throws IOException {
    assertThatThrownBy(() -> FrameCodec.readHeader(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> FrameCodec.readHeader(new ByteArrayInputStream(new byte[] {(byte) 0x81, 126, 1})))
        .isInstanceOf(EOFException.class);
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {(byte) 0x81, 10, 'a', 'b'});
    Frame f = FrameCodec.readHeader(in);
    assertThatThrownBy(() -> FrameCodec.readPayload(in, f.length())).isInstanceOf(EOFException.class);
  }

  private static void assertProtocolError(byte[] bytes, String message) {
    assertThatThrownBy(() -> FrameCodec.readHeader(new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(WebSocketProtocolException.class,
            e -> assertThat(e.closeCode()).isEqualTo(WebSocketProtocolException.PROTOCOL_ERROR))
        .hasMessageContaining(message);
  }
}
