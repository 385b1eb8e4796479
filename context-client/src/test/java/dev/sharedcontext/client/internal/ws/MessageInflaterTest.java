package dev.sharedcontext.client.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class MessageInflaterTest {
  private static final byte[] FIRST =
      "{\"type\":\"context_update\",\"patch\":[{\"op\":\"replace\",\"path\":\"/currentTask\",\"value\":\"write the tests\"}]}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] SECOND =
      "{\"type\":\"context_update\",\"patch\":[{\"op\":\"replace\",\"path\":\"/currentTask\",\"value\":\"write the docs\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void withContextTakeoverTheWindowCarriesOverBetweenMessages() throws Exception {
    Deflater deflater = new Deflater(6, true);
    byte[] first = ServerFrames.deflate(deflater, FIRST);
    byte[] second = ServerFrames.deflate(deflater, SECOND);
    assertThat(second.length).as("the second refers back to the first").isLessThan(first.length / 2);
    try (MessageInflater inflater = new MessageInflater(false)) {
      assertThat(inflater.inflate(first, first.length, 1 << 20)).isEqualTo(FIRST);
      assertThat(inflater.inflate(second, second.length, 1 << 20)).isEqualTo(SECOND);
    }
  }

  @Test
  void withServerNoContextTakeoverEachMessageStartsAfresh() throws Exception {
    // A server that honours no_context_takeover resets per message; the client resets as well,
    // so a message that still referred back (a server breaking the agreement) cannot inflate.
    Deflater fresh = new Deflater(6, true);
    byte[] first = ServerFrames.deflate(fresh, FIRST);
    fresh.reset();
    byte[] second = ServerFrames.deflate(fresh, SECOND);
    try (MessageInflater inflater = new MessageInflater(true)) {
      assertThat(inflater.inflate(first, first.length, 1 << 20)).isEqualTo(FIRST);
      assertThat(inflater.inflate(second, second.length, 1 << 20)).isEqualTo(SECOND);
    }
    Deflater takeover = new Deflater(6, true);
    byte[] a = ServerFrames.deflate(takeover, FIRST);
    byte[] b = ServerFrames.deflate(takeover, SECOND);
    try (MessageInflater inflater = new MessageInflater(true)) {
      inflater.inflate(a, a.length, 1 << 20);
      assertThatThrownBy(() -> inflater.inflate(b, b.length, 1 << 20))
          .isInstanceOf(WebSocketProtocolException.class).hasMessageContaining("does not inflate");
    }
  }

  @Test
  void aBombEndsInTheLimitNotInMemory() {
    byte[] zeros = new byte[20 << 20];
    byte[] bomb = ServerFrames.deflate(new Deflater(9, true), zeros);
    assertThat(bomb.length).isLessThan(100_000);
    try (MessageInflater inflater = new MessageInflater(false)) {
      assertThatThrownBy(() -> inflater.inflate(bomb, bomb.length, 1 << 20))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.limitName()).isEqualTo("maxResponseBytes");
            assertThat(e.limit()).isEqualTo(1 << 20);
          });
    }
  }

  @Test
  void aMessageExactlyAtTheLimitPasses() throws Exception {
    byte[] message = new byte[100_000];
    byte[] compressed = ServerFrames.deflate(new Deflater(6, true), message);
    try (MessageInflater inflater = new MessageInflater(false)) {
      assertThat(inflater.inflate(compressed, compressed.length, message.length)).hasSize(message.length);
    }
  }

  @Test
  void garbageIsAProtocolError() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x13};
    try (MessageInflater inflater = new MessageInflater(false)) {
      assertThatThrownBy(() -> inflater.inflate(garbage, garbage.length, 1 << 20))
          .isInstanceOfSatisfying(WebSocketProtocolException.class,
              e -> assertThat(e.closeCode()).isEqualTo(WebSocketProtocolException.PROTOCOL_ERROR));
    }
  }
}
