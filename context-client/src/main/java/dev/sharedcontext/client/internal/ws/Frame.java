package dev.sharedcontext.client.internal.ws;

/**
 * The header of one WebSocket frame as read (RFC 6455 §5.2); the payload follows it on the wire.
 *
 * @param fin the last frame of a message
 * @param rsv1 the per-message compressed bit of RFC 7692
 * @param opcode one of the {@code OP_*} constants
 * @param length the payload length
 */
public record Frame(boolean fin, boolean rsv1, int opcode, long length) {
  /** A continuation of a fragmented message. */
  public static final int OP_CONTINUATION = 0x0;
  /** The first frame of a text message. */
  public static final int OP_TEXT = 0x1;
  /** The first frame of a binary message. */
  public static final int OP_BINARY = 0x2;
  /** Close. */
  public static final int OP_CLOSE = 0x8;
  /** Ping. */
  public static final int OP_PING = 0x9;
  /** Pong. */
  public static final int OP_PONG = 0xA;

  /** True for close, ping and pong. */
  public boolean isControl() {
    return opcode >= OP_CLOSE;
  }
}
