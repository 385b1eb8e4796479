package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.ContextChange;
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
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A windowed subscription ({@code ?budget=N} on the stream URL): an ordinary subscription whose
 * {@code context_snapshot} and {@code context_update} messages are turned, on their way out of
 * this one connection, into {@code window_snapshot} and {@code window_update}, so the feed's
 * rules (gap-free, catch-up, resume, backpressure) hold unchanged. Keeps the window the client
 * holds and the context it was made of; an update brings the context at the next version, and
 * the client gets the patch from its window to the new one, with the new window's hash. A feed
 * that starts or restarts from version N (resume, {@code subscribe}) takes the window at N from
 * the store; when the store no longer has N, the client gets a {@code window_snapshot}.
 *
 * <p>Sharing: an update of one version, live or replayed from the store's history, comes as a
 * {@link DecodedUpdateFrame} with the store's document at that version (for a live one, one
 * object for every subscriber, hashed once by the commit): nothing is read back, applied or
 * hashed per subscriber. The {@code window_update} comes from {@link WindowSteps}, made once for
 * every subscriber that holds the same window with the same parameters. Anything else (a resume
 * from the recent frames, a catch-up, a snapshot) is read back from its bytes, and an update's
 * patch moves the context held. Either way the context must have the update's hash before a
 * window is made of it.
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
  private long contextsRebuilt;

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
    byte[] out;
    try {
      out = translate(frame);
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

  /** The message the client gets instead of {@code frame}, which is released. */
  private byte[] translate(TextWebSocketFrame frame) throws IOException {
    JsonNode m;
    try {
      if (frame instanceof DecodedUpdateFrame d) {
        return update(Update.of(d));
      }
      m = MAPPER.readTree(ByteBufUtil.getBytes(frame.content()));
    } finally {
      frame.release();
    }
    return switch (m.path("type").asText()) {
      case "context_snapshot" -> snapshot(m.path("version").asLong(), ContextDocument.of(m.get("context")), true);
      case "context_update" -> update(Update.read(m, rt.counters.configured()));
      default -> MAPPER.writeValueAsBytes(m);
    };
  }

  /**
   * A {@code context_update}, decoded.
   *
   * @param document the document at {@code version}, or null when only the message's bytes were
   *     at hand: then it is rebuilt from the patch
   * @param tokensSaved what the subscriber counted as saved for the message
   * @param patchTokens what the subscriber counted as served for it: the tokens of its patch
   */
  private record Update(long base, long version, Patch patch, ContextDocument document, String hash,
      long tokensSaved, long patchTokens, boolean catchUp) {

    static Update of(DecodedUpdateFrame f) {
      ContextChange c = f.change();
      return new Update(c.previousVersion(), c.version().version(), c.patch(), c.document(), c.version().hash(),
          f.tokensSaved(), f.patchTokens(), false);
    }

    /** From the message's bytes; the patch's tokens are counted again, as the subscriber did. */
    static Update read(JsonNode m, TokenCounter configured) {
      Patch patch = Patch.fromJson(m.get("patch"));
      return new Update(m.path("baseVersion").asLong(), m.path("version").asLong(), patch, null,
          m.path("hash").asText(), m.path("tokensSaved").asLong(), configured.count(patch),
          m.path("catchUp").asBoolean(false));
    }
  }

  /** {@code window_update} for a context update; a {@code window_snapshot} when the base is unknown. */
  private byte[] update(Update u) {
    // Undo what the subscriber counted for the context patch; the window's figures follow.
    long full = u.tokensSaved() + u.patchTokens();
    rt.metrics.tokensServed.add(-u.patchTokens());
    rt.metrics.tokensSaved.add(-u.tokensSaved());
    if (u.base() != version && !loadWindowAt(u.base())) {
      ContextDocument doc = u.document() != null ? u.document()
          : u.base() == 0 ? u.patch().apply(ContextDocument.empty()) : rt.store.at(projectId, u.version()).document();
      return snapshot(u.version(), doc, false);
    }
    ContextDocument next = u.document();
    if (next == null) {
      next = u.patch().apply(context);
      contextsRebuilt++;
    }
    if (!next.hash().equals(u.hash())) {
      // Cannot happen; but never make a window of a context that is not the version's.
      return snapshot(u.version(), rt.store.at(projectId, u.version()).document(), false);
    }
    WindowSteps.Step step = rt.windowSteps.step(params(), u.base(), window, u.version(), next, full, u.catchUp());
    context = next;
    window = step.view().wire();
    version = u.version();
    rt.metrics.tokensServed.add(step.servedTokens());
    rt.metrics.tokensSaved.add(full - step.servedTokens());
    return step.message();
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

  /** This subscription's parameters, with the rules in effect now (they may change at run time). */
  private WindowSteps.Params params() {
    return new WindowSteps.Params(projectId, budget, rt.rules.effective(projectId, agentId), counter);
  }

  /** Contexts rebuilt here from a patch, for want of the store's document: for tests that the sharing holds. */
  long contextsRebuilt() {
    return contextsRebuilt;
  }

  private static ContextException wrap(RuntimeException e) {
    return e instanceof ContextException c ? c : new ContextException("INVALID_INPUT", e.getMessage(), e);
  }
}
