package dev.sharedcontext.server.internal;

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
 */
record UpdateFrame(String projectId, long version, long baseVersion, long tokensSaved, long patchTokens,
    ByteBuf content) {

  /** A duplicate of the shared bytes with its own reference; the receiver must release or write it. */
  ByteBuf retainedContent() {
    return content.retainedDuplicate();
  }

  int size() {
    return content.readableBytes();
  }

  void release() {
    content.release();
  }
}
