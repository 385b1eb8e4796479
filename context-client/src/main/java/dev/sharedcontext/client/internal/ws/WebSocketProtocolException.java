package dev.sharedcontext.client.internal.ws;

import java.io.IOException;

/**
 * The server broke RFC 6455 or RFC 7692: the connection is failed with {@link #closeCode()}
 * (1002 protocol error, 1007 invalid payload data).
 */
public final class WebSocketProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  /** RFC 6455 §7.4.1: the peer broke the protocol. */
  public static final int PROTOCOL_ERROR = 1002;
  /** RFC 6455 §7.4.1: a text message that is not UTF-8. */
  public static final int INVALID_DATA = 1007;

  private final int closeCode;

  /**
   * @param closeCode the close status sent to the server before the socket is closed
   * @param message what was wrong
   */
  public WebSocketProtocolException(int closeCode, String message) {
    super("WebSocket " + (closeCode == INVALID_DATA ? "invalid data" : "protocol error") + ": " + message);
    this.closeCode = closeCode;
  }

  /** The close status sent to the server. */
  public int closeCode() {
    return closeCode;
  }
}
