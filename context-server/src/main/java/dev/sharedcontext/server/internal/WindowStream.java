package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.ContextSnapshot;
import dev.sharedcontext.core.tokens.TokenCounter;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A windowed subscription ({@code ?budget=N} on the stream URL): an ordinary subscription whose
 * {@code context_snapshot} and {@code context_update} messages are turned, on their way out of
 * this one connection, into {@code window_snapshot} and {@code window_update}, so the feed's
 * rules (gap-free, catch-up, resume, backpressure) hold unchanged. Keeps the context and the
 * window the client holds; a patch of the context moves the context, and the client gets the
 * patch from its window to the new one, with the new window's hash. A feed that starts or
 * restarts from version N (resume, {@code subscribe}) takes the window at N from the store;
 * when the store no longer has N, the client gets a {@code window_snapshot}.
 *
 * <p>Accounting: the subscriber counted the context message; this counts the difference, so
 * {@code tokensServed} gets the window message's tokens and {@code tokensSaved} the whole
 * context's minus them. Confined to the connection's executor.
 */
final class WindowStream extends ChannelOutboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WindowStream.class);
  /** Reads back the server's own messages (no limits needed); made when the first window stream is. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ServerRuntime rt;
  private final String projectId;
  private final String agentId;
  private final int budget;
  private final TokenCounter counter;
  private long version = -1;
  private ContextDocument context;
  private ContextDocument window;

  WindowStream(ServerRuntime rt, String projectId, String agentId, int budget, TokenCounter counter) {
    this.rt = rt;
    this.projectId = projectId;
    this.agentId = agentId;
    this.budget = budget;
    this.counter = counter;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (!(msg instanceof TextWebSocketFrame frame)) {
      ctx.write(msg, promise);
      return;
    }
    int before = frame.content().readableBytes();
    JsonNode m;
    try {
      m = MAPPER.readTree(ByteBufUtil.getBytes(frame.content()));
    } finally {
      frame.release();
    }
    byte[] out;
    try {
      out = switch (m.path("type").asText()) {
        case "context_snapshot" -> snapshot(m.path("version").asLong(), ContextDocument.of(m.get("context")), true);
        case "context_update" -> update(m);
        default -> MAPPER.writeValueAsBytes(m);
      };
    } catch (ContextException | IllegalArgumentException e) {
      // Never a silent gap: the client learns why and reconnects (it resumes from its window).
      log.debug("window of {} for {} failed: {}", projectId, agentId, e.toString());
      ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(Errors.wsMessage(wrap(e), null))));
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "window failed"))
          .addListener(ChannelFutureListener.CLOSE);
      promise.trySuccess();
      return;
    }
    rt.metrics.bytesBeforeCompression.add(out.length - before);
    ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(out)), promise);
  }

  /** {@code window_update} for a context update; a {@code window_snapshot} when the base is unknown. */
  private byte[] update(JsonNode m) {
    long base = m.path("baseVersion").asLong();
    long next = m.path("version").asLong();
    Patch patch = Patch.fromJson(m.get("patch"));
    long patchTokens = rt.counters.configured().count(patch);
    // Undo what the subscriber counted for the context patch; the window's figures follow.
    long full = m.path("tokensSaved").asLong() + patchTokens;
    rt.metrics.tokensServed.add(-patchTokens);
    rt.metrics.tokensSaved.add(-m.path("tokensSaved").asLong());
    if (base != version && !loadWindowAt(base)) {
      ContextDocument doc = base == 0 ? patch.apply(ContextDocument.empty()) : rt.store.at(projectId, next).document();
      return snapshot(next, doc, false);
    }
    context = patch.apply(context);
    if (!context.hash().equals(m.path("hash").asText())) {
      return snapshot(next, rt.store.at(projectId, next).document(), false); // cannot happen; never send a wrong window
    }
    WindowViews.View view = view(next, context);
    Patch windowPatch = Patch.diff(window, view.wire());
    window = view.wire();
    version = next;
    long served = rt.counters.configured().count(windowPatch);
    rt.metrics.tokensServed.add(served);
    rt.metrics.tokensSaved.add(full - served);
    JsonOut out = JsonOut.bytes().startObject()
        .field("type", "window_update")
        .field("projectId", projectId)
        .field("version", next)
        .field("baseVersion", base)
        .field("budget", budget)
        .field("tokens", view.window().tokens())
        .patch("patch", windowPatch)
        .field("hash", window.hash())
        .field("tokensSaved", full - served);
    if (m.path("catchUp").asBoolean(false)) {
      out.field("catchUp", true);
    }
    return out.endObject().toByteArray();
  }

  /** Takes the window at {@code base} from the store (a resume); false when it cannot be had. */
  private boolean loadWindowAt(long base) {
    if (base <= 0) {
      return false;
    }
    try {
      ContextSnapshot s = rt.store.at(projectId, base);
      context = s.document();
      window = view(base, context).wire();
      version = base;
      return true;
    } catch (ContextException e) {
      return false; // compacted or gone: the client gets the window whole
    }
  }

  /**
   * {@code window_snapshot} of {@code doc}. {@code counted}: the subscriber counted the whole
   * context as served (a context snapshot), which is taken back here.
   */
  private byte[] snapshot(long v, ContextDocument doc, boolean counted) {
    TokenCounter own = rt.counters.configured();
    long full = own.count(doc);
    WindowViews.View view = view(v, doc);
    long served = own.name().equals(counter.name()) ? view.window().tokens() : own.count(view.wire());
    rt.metrics.tokensServed.add(served - (counted ? full : 0));
    rt.metrics.tokensSaved.add(full - served);
    context = doc;
    window = view.wire();
    version = v;
    return JsonOut.bytes().startObject()
        .field("type", "window_snapshot")
        .field("projectId", projectId)
        .field("version", v)
        .field("budget", budget)
        .field("tokens", view.window().tokens())
        .document("window", window)
        .field("hash", window.hash())
        .endObject().toByteArray();
  }

  private WindowViews.View view(long v, ContextDocument doc) {
    return rt.windows.of(projectId, v, doc, budget, rt.rules.effective(projectId, agentId), counter);
  }

  private static ContextException wrap(RuntimeException e) {
    return e instanceof ContextException c ? c : new ContextException("INVALID_INPUT", e.getMessage(), e);
  }
}
