package dev.sharedcontext.server.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last update frames of one project, consecutive versions, kept while the project has
 * subscribers: a client resuming from a version still in here is replayed the exact per-version
 * frames instead of one composed catch-up. Bounded by {@value #MAX_FRAMES} frames and
 * {@value #MAX_BYTES} bytes of messages (the frames are kept without their decoded change, see
 * {@link UpdateFrame#kept()}); the oldest go first. Not thread-safe: its {@link Feeds} entry
 * guards it.
 */
final class RecentFrames {
  static final int MAX_FRAMES = 64;
  static final int MAX_BYTES = 256 * 1024;

  private final ArrayDeque<UpdateFrame> frames = new ArrayDeque<>();
  private long bytes;

  /** Keeps {@code frame} (with its own reference); a frame that does not continue the run restarts it. */
  void add(UpdateFrame frame) {
    UpdateFrame last = frames.peekLast();
    if (last != null && frame.baseVersion() != last.version()) {
      clear(); // a hole (a frame that failed to encode, a new incarnation): keep only runs without gaps
    }
    if (frame.size() > MAX_BYTES) {
      clear();
      return;
    }
    // Without the change: a resume is rare (once per reconnect) and may read the bytes back, while
    // MAX_FRAMES whole documents per project would be memory that MAX_BYTES does not bound.
    frames.addLast(frame.kept());
    bytes += frame.size();
    while (frames.size() > MAX_FRAMES || bytes > MAX_BYTES) {
      UpdateFrame old = frames.removeFirst();
      bytes -= old.size();
      old.release();
    }
  }

  /**
   * The frames after {@code fromVersion}, each with its own reference (the caller releases or
   * writes them), when this run reaches back to it; null when it does not.
   */
  List<UpdateFrame> after(long fromVersion) {
    UpdateFrame first = frames.peekFirst();
    UpdateFrame last = frames.peekLast();
    if (first == null || fromVersion < first.baseVersion() || fromVersion > last.version()) {
      return null;
    }
    List<UpdateFrame> out = new ArrayList<>();
    for (UpdateFrame f : frames) {
      if (f.version() > fromVersion) {
        ByteBuf dup = f.retainedContent();
        out.add(new UpdateFrame(f.projectId(), f.version(), f.baseVersion(), f.tokensSaved(), f.patchTokens(), dup));
      }
    }
    return out;
  }

  void clear() {
    for (UpdateFrame f : frames) {
      f.release();
    }
    frames.clear();
    bytes = 0;
  }
}
