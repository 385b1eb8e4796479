package dev.sharedcontext.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A whole WebSocket text frame, header and payload, encoded once for every subscriber whose
 * connection does not compress. A server's frames are not masked (RFC 6455, section 5.1), so the
 * bytes are the same for every connection: each subscriber writes a duplicate of them instead of
 * a {@code TextWebSocketFrame} that the frame encoder would copy behind a header of its own.
 * {@link WebSocketCompression.WireBytes} counts and unwraps it ahead of the frame encoder, which
 * passes the bytes on as they are.
 *
 * <p>The message is written after {@link #HEADER_ROOM} bytes left free at the start of its
 * buffer, and the header then goes right before it: one buffer, no copy.
 */
final class EncodedTextFrame extends DefaultByteBufHolder {
  /** Bytes kept free before a message for its frame header: the longest (RFC 6455, 5.2) is 10. */
  static final int HEADER_ROOM = 10;

  private static final int FIN_TEXT = 0x81; // FIN set, opcode 1 (text), no RSV bits
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private final int payloadBytes;

  /** Takes over the reference of {@code wire}, whose readable bytes are a whole frame. */
  EncodedTextFrame(ByteBuf wire, int payloadBytes) {
    super(wire);
    this.payloadBytes = payloadBytes;
  }

  /** The message's bytes, without the header. */
  int payloadBytes() {
    return payloadBytes;
  }

  /** A direct buffer to write a message into, with {@link #HEADER_ROOM} bytes free before it. */
  static ByteBuf newBuffer(ByteBufAllocator alloc, int initialCapacity) {
    ByteBuf buf = alloc.directBuffer(HEADER_ROOM + initialCapacity);
    buf.setIndex(HEADER_ROOM, HEADER_ROOM);
    return buf;
  }

  /**
   * Writes the header of a final, unmasked text frame right before the message that {@code buf}
   * holds from {@link #HEADER_ROOM} to its writer index, and moves the reader index to the
   * header's start: the readable bytes are then the whole frame.
   *
   * @return the length of the header
   */
  static int prependHeader(ByteBuf buf) {
    long length = buf.writerIndex() - HEADER_ROOM;
    int header;
    if (length < LENGTH_16) {
      header = 2;
      buf.setByte(HEADER_ROOM - 1, (int) length);
    } else if (length <= 0xFFFF) {
      header = 4;
      buf.setByte(HEADER_ROOM - 3, LENGTH_16);
      buf.setShort(HEADER_ROOM - 2, (int) length);
    } else {
      header = 10;
      buf.setByte(HEADER_ROOM - 9, LENGTH_64);
      buf.setLong(HEADER_ROOM - 8, length);
    }
    buf.setByte(HEADER_ROOM - header, FIN_TEXT);
    buf.readerIndex(HEADER_ROOM - header);
    return header;
  }

  @Override
  public String toString() {
    return "EncodedTextFrame(" + payloadBytes + " bytes)";
  }
}
