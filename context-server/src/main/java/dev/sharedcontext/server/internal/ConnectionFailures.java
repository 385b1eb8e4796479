package dev.sharedcontext.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CodecException;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * How a failure that ends a connection is logged. What the peer caused (a reset, a broken pipe,
 * bytes that do not decode) is routine on a server and logged at debug; anything else is this
 * server's own fault, thrown by a handler past the ones that answer with an error, and is
 * logged at warn with its stack trace: the client only sees its connection closed.
 */
final class ConnectionFailures {

  private ConnectionFailures() {}

  /** Logs {@code cause}, which ended the connection of {@code ctx}, on {@code log}. */
  static void log(Logger log, String connection, ChannelHandlerContext ctx, Throwable cause) {
    if (causedByPeer(cause)) {
      log.debug("{} {} failed: {}", connection, ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("{} {} closed after an unexpected failure", connection, ctx.channel().remoteAddress(), cause);
    }
  }

  /**
   * True for I/O errors and for decoding errors of the peer's bytes; false for a decoder's
   * wrapping of any other exception (a decoder's own bug) and for everything else.
   */
  static boolean causedByPeer(Throwable cause) {
    if (cause instanceof IOException) {
      return true;
    }
    if (cause instanceof CodecException) {
      Throwable inner = cause.getCause();
      return inner == null || inner == cause || causedByPeer(inner);
    }
    return false;
  }
}
