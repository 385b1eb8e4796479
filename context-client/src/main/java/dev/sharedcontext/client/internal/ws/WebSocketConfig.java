package dev.sharedcontext.client.internal.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WebSocketConnection} is opened.
 *
 * @param connectTimeout for the TCP connect, the TLS handshake and each read of the upgrade's answer
 * @param authToken a bearer token for the upgrade request, or null
 * @param maxMessageBytes the most bytes one message may have, once inflated
 * @param offerDeflate whether permessage-deflate is offered
 * @param threadName the name of the connection's reader thread
 */
public record WebSocketConfig(Duration connectTimeout, String authToken, long maxMessageBytes, boolean offerDeflate,
    String threadName) {

  public WebSocketConfig {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(threadName, "threadName");
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
  }
}
