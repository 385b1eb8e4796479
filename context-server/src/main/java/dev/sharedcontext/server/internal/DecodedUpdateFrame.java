package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextChange;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Objects;

/**
 * A {@code context_update} that a windowed subscriber writes: the shared bytes, and the change
 * and token figures they encode, so that {@link WindowStream} takes the store's document instead
 * of reading the bytes back and applying the patch to a copy of its own.
 *
 * <p>Only written where a {@link WindowStream} consumes it on the subscriber's own executor (it
 * sits next to the WebSocket handler), so the whole document it holds never waits in a queue or
 * an outbound buffer. Copies and duplicates are plain text frames.
 */
final class DecodedUpdateFrame extends TextWebSocketFrame {
  private final ContextChange change;
  private final long tokensSaved;
  private final long patchTokens;

  /** Takes over the reference of {@code content}, the bytes of {@code update}. */
  DecodedUpdateFrame(ByteBuf content, UpdateFrame update) {
    super(content);
    this.change = Objects.requireNonNull(update.change(), "update.change()");
    this.tokensSaved = update.tokensSaved();
    this.patchTokens = update.patchTokens();
  }

  /** The committed change: version, base, patch, and the document at the version. */
  ContextChange change() {
    return change;
  }

  /** What the subscriber counted as saved for this message: the context's tokens minus {@link #patchTokens()}. */
  long tokensSaved() {
    return tokensSaved;
  }

  /** What the subscriber counted as served for this message: the tokens of its patch. */
  long patchTokens() {
    return patchTokens;
  }
}
