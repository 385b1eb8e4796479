package dev.sharedcontext.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A network fault that {@link TestServer#inject(Fault)} applies to the connections between the
 * clients and the server (through the loopback proxy, so the server itself stays healthy and
 * clients reconnect to it).
 *
 * <ul>
 *   <li>{@link Drop}: every open connection is reset at once (TCP RST, no WebSocket close), as
 *       when a network path dies. New connections are accepted as before.
 *   <li>{@link Stall}: no byte moves in either direction, on open or new connections, for the
 *       given time or until {@link TestServer#resume()}; then everything held is delivered in
 *       order, as after a network hiccup.
 *   <li>{@link CloseWithCode}: every open WebSocket stream gets a close frame with this code and
 *       reason, written at a frame boundary as a server would; the server's side of the connection
 *       is dropped. HTTP connections are left alone.
 * </ul>
 */
public sealed interface Fault permits Fault.Drop, Fault.Stall, Fault.CloseWithCode {

  /** Resets every open connection. */
  static Drop drop() {
    return new Drop();
  }

  /** Holds every byte for {@code duration}, then delivers it. */
  static Stall stall(Duration duration) {
    return new Stall(duration);
  }

  /** Holds every byte until {@link TestServer#resume()} (or the server's close). */
  static Stall stall() {
    return new Stall(Stall.UNTIL_RESUMED);
  }

  /** Closes every open stream with {@code code} and an empty reason. */
  static CloseWithCode close(int code) {
    return new CloseWithCode(code, "");
  }

  /** Closes every open stream with {@code code} and {@code reason}. */
  static CloseWithCode close(int code, String reason) {
    return new CloseWithCode(code, reason);
  }

  /** Reset every open connection. */
  record Drop() implements Fault {}

  /**
   * Hold every byte for {@code duration}.
   *
   * @param duration positive; {@link #UNTIL_RESUMED} for a stall that only {@link TestServer#resume()} ends
   */
  record Stall(Duration duration) implements Fault {
    /** A stall that lasts until resumed (a century, in practice). */
    public static final Duration UNTIL_RESUMED = Duration.ofDays(36_500);

    public Stall {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive: " + duration);
      }
    }
  }

  /**
   * Close every open stream with a WebSocket close frame.
   *
   * @param code a status code an endpoint may send (RFC 6455 section 7.4): 1000-1003, 1007-1014,
   *     or 3000-4999; 1004, 1005, 1006 and 1015 are reserved and never sent on the wire
   * @param reason at most 123 bytes of UTF-8; not null, may be empty
   */
  record CloseWithCode(int code, String reason) implements Fault {
    public CloseWithCode {
      Objects.requireNonNull(reason, "reason");
      boolean sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
          || (code >= 3000 && code <= 4999);
      if (!sendable) {
        throw new IllegalArgumentException("code is not a close code an endpoint may send: " + code);
      }
      if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
        throw new IllegalArgumentException("reason must be at most 123 bytes of UTF-8 (a control frame's limit)");
      }
    }
  }
}
