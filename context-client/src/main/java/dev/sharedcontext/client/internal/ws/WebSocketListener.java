package dev.sharedcontext.client.internal.ws;

/**
 * What a {@link WebSocketConnection} reports, on its reader thread. After {@code onOpen}, exactly
 * one of {@code onClose} and {@code onError} follows, unless the connection was
 * {@linkplain WebSocketConnection#abort() aborted} by its owner, which then hears nothing more.
 */
public interface WebSocketListener {

  /** The handshake succeeded; no message is read until {@link WebSocketConnection#request()}. */
  void onOpen(WebSocketConnection connection);

  /** A whole text message, inflated and decoded. */
  void onText(WebSocketConnection connection, String text);

  /** The server closed the connection with {@code status} (1005 when it gave none). */
  void onClose(WebSocketConnection connection, int status, String reason);

  /**
   * The connection failed: it could not be opened ({@link UpgradeRejectedException} when the
   * server refused the upgrade), the server broke the protocol, a message was too large
   * ({@link dev.sharedcontext.core.LimitExceededException}), or the connection was lost.
   */
  void onError(WebSocketConnection connection, Throwable error);
}
