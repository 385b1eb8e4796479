package dev.sharedcontext.server.internal;

import static dev.sharedcontext.server.internal.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.store.CommitRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames encoded once for every subscriber: the bytes are exactly what Netty's own server-side
 * frame encoder writes for the same message (each length form of RFC 6455, 5.2), and a subscriber
 * whose pipeline has the wire counter and the encoder puts them on the wire as they are.
 */
class EncodedTextFrameTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 1000, 65_535, 65_536, 200_000})
  void theHeaderIsTheFrameEncodersForEveryLength(int length) {
    byte[] payload = new byte[length];
    for (int i = 0; i < length; i++) {
      payload[i] = (byte) ('a' + i % 26);
    }
    ByteBuf buf = EncodedTextFrame.newBuffer(ByteBufAllocator.DEFAULT, 16);
    buf.writeBytes(payload);
    int header = EncodedTextFrame.prependHeader(buf);
    EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    try {
      assertThat(encoder.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)))).isTrue();
      byte[] expected = drain(encoder);
      assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(expected);
      assertThat(header).isEqualTo(length < 126 ? 2 : length <= 65_535 ? 4 : 10);
    } finally {
      buf.release();
      encoder.finishAndReleaseAll();
    }
  }

  @Test
  void aPreEncodedSubscriberWritesTheSharedFrameAndCountsIt() {
    ServerRuntime rt = Fixtures.runtime();
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(new WebSocket13FrameEncoder(false));
    WebSocketCompression.install(ch.pipeline(), ch.pipeline().firstContext().name(), null, rt.metrics);
    Subscriber sub = new Subscriber(rt, ch, ch.eventLoop(), "p", Subscriber.Output.SHARED_FRAME);
    rt.feeds.add(sub);
    try {
      rt.store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"n\": 1}")));
      sub.start(1);
      ch.runPendingTasks();
      long sentBefore = rt.metrics.bytesSent.sum();
      rt.store.commit("p", CommitRequest.replace(ContextDocument.parse("{\"n\": 2, \"s\": \"" + "x".repeat(300) + "\"}")));
      ch.runPendingTasks();

      byte[] wire = drain(ch);
      EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(
          WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).build()));
      try {
        assertThat(decoder.writeInbound(Unpooled.wrappedBuffer(wire))).isTrue();
        TextWebSocketFrame frame = decoder.readInbound();
        String text = frame.text();
        frame.release();
        assertThat((Object) decoder.readInbound()).as("one frame, nothing after it").isNull();
        JsonNode update = parse(text);
        assertThat(update.get("type").asText()).isEqualTo("context_update");
        assertThat(update.get("version").asLong()).isEqualTo(2);
        assertThat(update.get("baseVersion").asLong()).isEqualTo(1);
        int payload = text.getBytes(StandardCharsets.UTF_8).length;
        assertThat(wire.length).isEqualTo(payload + 4); // 126..65,535 bytes: a 4-byte header
        assertThat(rt.metrics.bytesSent.sum() - sentBefore).isEqualTo(payload);
        assertThat(rt.metrics.bytesBeforeCompression.sum()).isEqualTo(rt.metrics.bytesAfterCompression.sum());
        assertThat(rt.metrics.updatesSent.sum()).isEqualTo(1);
      } finally {
        decoder.finishAndReleaseAll();
      }
    } finally {
      ch.finishAndReleaseAll();
      rt.close();
    }
  }

  /** Everything written to {@code ch} so far, as bytes (each buffer released). */
  private static byte[] drain(EmbeddedChannel ch) {
    ByteBuf all = Unpooled.buffer();
    for (Object out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
      assertThat(out).isInstanceOf(ByteBuf.class);
      all.writeBytes((ByteBuf) out);
      ReferenceCountUtil.release(out);
    }
    return ByteBufUtil.getBytes(all);
  }
}
