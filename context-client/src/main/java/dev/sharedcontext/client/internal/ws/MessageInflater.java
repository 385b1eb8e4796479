package dev.sharedcontext.client.internal.ws;

import dev.sharedcontext.core.LimitExceededException;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses permessage-deflate messages (RFC 7692 §7.2.2): raw DEFLATE, each message's
 * payload completed with the {@code 00 00 ff ff} its sender stripped. With context takeover the
 * inflater, and so its sliding window, carries over from one message to the next; with
 * {@code server_no_context_takeover} each message starts afresh. A JDK {@code Inflater} always
 * keeps a 32 KiB window, which serves any {@code server_max_window_bits} from 8 to 15.
 *
 * <p>Output is produced in bounded steps and counted, so a small message that would inflate
 * past the limit (a deflate bomb) fails without the memory being taken. Not thread-safe.
 */
public final class MessageInflater implements AutoCloseable {
  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
  private static final int STEP = 8192;

  private final boolean noContextTakeover;
  private final Inflater inflater = new Inflater(true);

  /** @param noContextTakeover the server resets its compressor after every message */
  public MessageInflater(boolean noContextTakeover) {
    this.noContextTakeover = noContextTakeover;
  }

  /**
   * The message {@code compressed} (the payloads of its frames, in order) inflates to.
   *
   * @param limit the most bytes the message may inflate to
   * @throws LimitExceededException past {@code limit} ({@code maxResponseBytes})
   * @throws WebSocketProtocolException when the data is not valid DEFLATE
   */
  public byte[] inflate(byte[] compressed, int length, long limit) throws WebSocketProtocolException {
    byte[] input = new byte[length + TAIL.length];
    System.arraycopy(compressed, 0, input, 0, length);
    System.arraycopy(TAIL, 0, input, length, TAIL.length);
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(STEP, (int) Math.min(limit, STEP)));
    byte[] step = new byte[STEP];
    try {
      while (true) {
        int n = inflater.inflate(step);
        if (n > 0) {
          if (out.size() + (long) n > limit) {
            inflater.reset(); // the stream is failed anyway; leave no half-read input behind
            throw LimitExceededException.tooLarge("maxResponseBytes", limit, "a stream message");
          }
          out.write(step, 0, n);
        } else if (inflater.finished()) {
          // A final block (BFINAL): the sender's next message starts a new DEFLATE stream.
          inflater.reset();
          break;
        } else if (inflater.needsInput()) {
          break;
        } else {
          throw new DataFormatException(inflater.needsDictionary() ? "a preset dictionary" : "no progress");
        }
      }
    } catch (DataFormatException e) {
      throw new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR,
          "a compressed message does not inflate: " + e.getMessage());
    }
    if (noContextTakeover) {
      inflater.reset();
    }
    return out.toByteArray();
  }

  /** Frees the native memory of the inflater; idempotent. */
  @Override
  public void close() {
    inflater.end();
  }
}
