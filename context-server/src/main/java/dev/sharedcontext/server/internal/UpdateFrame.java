package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextChange;
import io.netty.buffer.ByteBuf;

/**
 * One version's {@code context_update} message, encoded once and shared by every subscriber:
 * each gets a {@linkplain #retainedContent() retained duplicate} of the same bytes, or of the
 * whole WebSocket frame around them ({@link #retainedWire()}). The creator holds one reference
 * and {@linkplain #release() releases} it once every subscriber was offered the frame.
 *
 * @param version the version the update leads to
 * @param baseVersion the version it applies to
 * @param tokensSaved tokens of the whole context at {@code version} minus tokens of the patch
 * @param patchTokens tokens of the patch actually sent
 * @param content the message
 * @param change the committed change these bytes encode (one object for every subscriber, its
 *     document's hash computed once), so that a windowed subscriber moves its window without
 *     reading the bytes back; null when the frame was {@linkplain #kept() kept} for resume
 * @param wire the message with the header of an uncompressed text frame in front, in one buffer
 *     that {@code content} is a slice of (one reference for both), for connections that do not
 *     compress; null when not made
 */
record UpdateFrame(String projectId, long version, long baseVersion, long tokensSaved, long patchTokens,
    ByteBuf content, ContextChange change, ByteBuf wire) {

  /** A frame of bytes alone (no decoded change, no frame header). */
  UpdateFrame(String projectId, long version, long baseVersion, long tokensSaved, long patchTokens, ByteBuf content) {
    this(projectId, version, baseVersion, tokensSaved, patchTokens, content, null, null);
  }

  /**
   * A live frame: {@code buf} holds the message after {@link EncodedTextFrame#HEADER_ROOM} bytes
   * kept free; this writes the frame header there and takes over {@code buf}'s reference.
   */
  static UpdateFrame live(ContextChange change, long tokensSaved, long patchTokens, ByteBuf buf) {
    int payloadAt = EncodedTextFrame.HEADER_ROOM;
    ByteBuf content = buf.slice(payloadAt, buf.writerIndex() - payloadAt);
    EncodedTextFrame.prependHeader(buf);
    return new UpdateFrame(change.projectId(), change.version().version(), change.previousVersion(), tokensSaved,
        patchTokens, content, change, buf);
  }

  /** A duplicate of the shared bytes with its own reference; the receiver must release or write it. */
  ByteBuf retainedContent() {
    return content.retainedDuplicate();
  }

  /**
   * The whole frame with its own reference, for a connection that does not compress; null when
   * this frame has none. The receiver must release or write it.
   */
  EncodedTextFrame retainedWire() {
    return wire == null ? null : new EncodedTextFrame(wire.retainedDuplicate(), content.readableBytes());
  }

  /** Another reference to this frame's bytes, for a holder that {@linkplain #release() releases} it. */
  void retain() {
    content.retain();
  }

  /**
   * This frame with its own reference to the bytes and without the change, to be kept for
   * resume: a change holds a whole document, which {@link RecentFrames}' bound, counted in bytes
   * of messages, would not see.
   */
  UpdateFrame kept() {
    return new UpdateFrame(projectId, version, baseVersion, tokensSaved, patchTokens, content.retain());
  }

  int size() {
    return content.readableBytes();
  }

  void release() {
    content.release();
  }
}
