package dev.sharedcontext.client.internal.ws;

import java.io.IOException;

/**
 * The server answered the upgrade request with something other than 101: its status and body,
 * for the caller to turn into the error the server meant.
 */
public final class UpgradeRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient byte[] body;

  /**
   * @param status the HTTP status of the answer
   * @param body its body, possibly empty, at most {@link Handshake#MAX_ERROR_BODY} bytes
   */
  public UpgradeRejectedException(int status, byte[] body) {
    super("the server refused the WebSocket upgrade: HTTP " + status);
    this.status = status;
    this.body = body.clone();
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The body of the answer (a copy); empty when there was none. */
  public byte[] body() {
    return body.clone();
  }
}
