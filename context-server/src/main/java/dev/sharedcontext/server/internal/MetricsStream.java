package dev.sharedcontext.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics/stream}: Server-Sent Events, one {@code projects} and one {@code metrics}
 * event per interval ({@code metricsStreamInterval}, 1 s by default), after a {@code hello}.
 *
 * <p>Cheap when nobody listens: the timer runs only while a listener is connected, and each tick
 * reads the figures once and writes the same bytes to every listener. A listener that does not
 * read misses ticks instead of being buffered for; one that stays unwritable for the request
 * timeout is closed. Thread-safe: listeners come and go on their own event loops.
 */
final class MetricsStream {
  private final ServerRuntime rt;
  private final long intervalNanos;
  private final Map<Channel, long[]> listeners = new ConcurrentHashMap<>(); // value: {stalled since, or 0}
  private ScheduledFuture<?> timer; // guarded by this
  private boolean closed; // guarded by this

  MetricsStream(ServerRuntime rt) {
    this.rt = rt;
    this.intervalNanos = rt.options.metricsStreamInterval().toNanos();
  }

  /**
   * Answers the request (already authorized) with the stream's head and first events; from then
   * on the connection carries only events, and anything the client sends on it closes it.
   */
  void open(ChannelHandlerContext ctx, String origin) {
    if (rt.draining()) {
      throw ServerException.shuttingDown();
    }
    Channel ch = ctx.channel();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders h = head.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Accel-Buffering", "no"); // a reverse proxy in front must not hold events back
    HttpUtil.setTransferEncodingChunked(head, true);
    rt.cors.addHeaders(h, origin);
    ctx.pipeline().addAfter(ctx.name(), "metrics-stream", new Sink());
    ctx.pipeline().remove(ctx.handler());
    ch.write(head);
    send(ch, hello());
    send(ch, events());
    listeners.put(ch, new long[1]); // before the close listener, which could otherwise run first
    ch.closeFuture().addListener(f -> remove(ch));
    synchronized (this) {
      if (closed) {
        end(ch);
      } else if (timer == null) {
        // The handler's executor: the event loop, or a handler thread when the store may block.
        timer = ctx.executor().scheduleAtFixedRate(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  int listeners() {
    return listeners.size();
  }

  /** True while the timer runs: only while someone listens. */
  synchronized boolean ticking() {
    return timer != null;
  }

  /** Ends every stream (the server is closing); listeners see the end of the response. */
  void shutdown() {
    synchronized (this) {
      closed = true;
      stopTimer();
    }
    listeners.keySet().forEach(MetricsStream::end);
  }

  private void remove(Channel ch) {
    listeners.remove(ch);
    synchronized (this) {
      if (listeners.isEmpty()) {
        stopTimer();
      }
    }
  }

  private void stopTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void tick() {
    if (listeners.isEmpty()) {
      return;
    }
    byte[] events = events();
    long now = System.nanoTime();
    long stallLimit = rt.options.requestTimeout().toNanos();
    listeners.forEach((ch, stalledSince) -> {
      if (ch.isWritable()) {
        stalledSince[0] = 0;
        send(ch, events);
      } else if (stalledSince[0] == 0) {
        stalledSince[0] = now;
      } else if (now - stalledSince[0] > stallLimit) {
        ch.close(); // not read for a whole request timeout: a dead or frozen peer
      }
    });
  }

  private byte[] hello() {
    long millis = TimeUnit.NANOSECONDS.toMillis(intervalNanos);
    byte[] data = JsonOut.bytes().startObject()
        .field("intervalMillis", millis)
        .field("version", rt.serverVersion)
        .field("auth", rt.auth.enabled())
        .endObject().toByteArray();
    // retry: how long a plain EventSource waits before it reconnects.
    String text = "retry: " + Math.max(1000, 2 * millis) + "\n\nevent: hello\ndata: "
        + new String(data, StandardCharsets.UTF_8) + "\n\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** One tick's events; Jackson writes JSON on one line, as an SSE data field needs. */
  private byte[] events() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    out.writeBytes("event: projects\ndata: ".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(ProjectRows.json(rt));
    out.writeBytes("\n\nevent: metrics\ndata: ".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new MetricsReport(rt).json());
    out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private void send(Channel ch, byte[] bytes) {
    rt.metrics.bytesSent.add(bytes.length);
    ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
  }

  private static void end(Channel ch) {
    ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
  }

  /** Takes the HTTP handler's place on a streaming connection: a client that talks is closed. */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MetricsStream.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ConnectionFailures.log(log, "metrics stream", ctx, cause);
      ctx.close();
    }
  }
}
