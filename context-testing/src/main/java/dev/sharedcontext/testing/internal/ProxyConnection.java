package dev.sharedcontext.testing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection through the proxy and its connection to the server: two pumps (client to
 * server, server to client), both waiting at the proxy's gate while it is shut. The server to
 * client pump follows WebSocket frames ({@link FrameTracker}) so that {@link #closeStream} writes
 * its close frame between two frames.
 */
final class ProxyConnection {
  private final Socket client;
  private final Socket server;
  private final Gate gate;
  private final Runnable onEnd;
  private final FrameTracker tracker = new FrameTracker();
  private final Object lock = new Object(); // guards the client's output and the tracker
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closingToClient; // a close frame went to the client; drain its reply, send nothing more
  private byte[] pendingClose; // guarded by lock: a close frame waiting for the next frame boundary

  ProxyConnection(Socket client, Socket server, Gate gate, Runnable onEnd) {
    this.client = client;
    this.server = server;
    this.gate = gate;
    this.onEnd = onEnd;
  }

  /** Client to server. */
  void pumpUp() {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = client.getInputStream()) {
      OutputStream out = server.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (closingToClient) {
          continue; // the client's close reply and anything after it: the server side is gone
        }
        if (!gate.awaitOpen(() -> ended.get() || closingToClient)) {
          if (ended.get()) {
            return;
          }
          continue;
        }
        try {
          out.write(buf, 0, n);
          out.flush();
        } catch (IOException e) {
          if (!closingToClient) {
            throw e;
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // reset, dropped, or the proxy is closing
    } finally {
      end(false);
    }
  }

  /** Server to client. */
  void pumpDown() {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = server.getInputStream()) {
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        int pos = 0;
        while (pos < n) {
          if (!gate.awaitOpen(() -> ended.get() || closingToClient)) {
            return;
          }
          synchronized (lock) {
            if (closingToClient) {
              return;
            }
            int k = tracker.advance(buf, pos, n - pos);
            out.write(buf, pos, k);
            pos += k;
            if (pendingClose != null && tracker.atFrameBoundary()) {
              writeClose(out, pendingClose);
              return;
            }
          }
        }
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // reset, dropped, or the proxy is closing
    } finally {
      if (!closingToClient) {
        end(false);
      }
    }
  }

  /** Sends the client a close frame at the next frame boundary; no-op unless this is a WebSocket. */
  void closeStream(int code, String reason) {
    synchronized (lock) {
      if (ended.get() || closingToClient || !tracker.isWebSocket()) {
        return;
      }
      byte[] frame = FrameTracker.closeFrame(code, reason);
      if (tracker.atFrameBoundary()) {
        try {
          writeClose(client.getOutputStream(), frame);
        } catch (IOException e) {
          end(false);
        }
      } else {
        pendingClose = frame; // the down pump writes it once the current frame is through
      }
    }
  }

  /** Caller holds the lock. The server's side is reset; the client's side stays up for its reply. */
  private void writeClose(OutputStream out, byte[] frame) throws IOException {
    closingToClient = true;
    out.write(frame);
    out.flush();
    reset(server);
    client.shutdownOutput();
    gate.wakeAll();
  }

  /** Ends the connection: both sockets closed, reset ({@code rst}) or orderly. Idempotent. */
  void end(boolean rst) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (rst) {
      reset(client);
      reset(server);
    } else {
      closeQuietly(client);
      closeQuietly(server);
    }
    gate.wakeAll();
    onEnd.run();
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close() then sends RST: the peer sees a reset, not an orderly end
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
