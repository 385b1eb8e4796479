package dev.sharedcontext.client.internal;

import dev.sharedcontext.core.LimitExceededException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into a byte array, refused as soon as it passes a bound: a server
 * (or something posing as one) cannot make the client hold more than {@code maxBytes}.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long maxBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Flow.Subscription subscription;
  private long size;
  private boolean done;

  private BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A handler whose bodies are bounded by {@code maxBytes}. */
  static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
    return info -> new BoundedBody(maxBytes);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (done) {
      return;
    }
    for (ByteBuffer b : items) {
      size += b.remaining();
      if (size > maxBytes) {
        done = true;
        subscription.cancel();
        result.completeExceptionally(LimitExceededException.tooLarge("maxResponseBytes", maxBytes, "a response body"));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    done = true;
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    if (!done) {
      done = true;
      result.complete(out.toByteArray());
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}
