package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.store.ContextChange;
import io.netty.buffer.ByteBuf;

/**
 * One version's {@code context_update} message, encoded once and shared by every subscriber:
 * each gets a {@linkplain #retainedContent() retained duplicate} of the same bytes. The creator
 * holds one reference and {@linkplain #release() releases} it once every subscriber was offered
 * the frame.
 *
 * @param version the version the update leads to
 * @param baseVersion the version it applies to
 * @param tokensSaved tokens of the whole context at {@code version} minus tokens of the patch
 * @param patchTokens tokens of the patch actually sent
 * @param change the committed change these bytes encode (one object for every subscriber, its
 *     document's hash computed once), so that a windowed subscriber moves its window without
 *     reading the bytes back; null when the frame was {@linkplain #kept() kept} for resume
 */
record UpdateFrame(String projectId, long version, long baseVersion, long tokensSaved, long patchTokens,
    ByteBuf content, ContextChange change) {

  /** A frame of bytes alone (no decoded change). */
  UpdateFrame(String projectId, long version, long baseVersion, long tokensSaved, long patchTokens, ByteBuf content) {
    this(projectId, version, baseVersion, tokensSaved, patchTokens, content, null);
  }

  /** A duplicate of the shared bytes with its own reference; the receiver must release or write it. */
  ByteBuf retainedContent() {
    return content.retainedDuplicate();
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
