package dev.sharedcontext.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SharedContext side of the fanout: WebSocket subscribers of one project's stream (from its
 * head, so no snapshot is sent), and commits of a one-line edit to its 10 KB context by
 * {@code POST /context/{id}/diff} on one keep-alive connection. A commit counts as delivered
 * when every subscriber got the {@code context_update} of its version.
 *
 * <p>The clients are the same kind as the Redis side's: Netty, with two I/O threads for all
 * subscribers (Lettuce's count on this machine) and one persistent connection for the publisher,
 * no compression offered (Redis has none). An earlier version used the JDK's
 * {@code java.net.http} clients; their hand-offs between threads cost about 2 ms per message on
 * this 2-core machine, which measured the client, not the server.
 */
final class WebSocketFanout implements FanoutPeer {
  static final String PROJECT = "fan";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int CONNECT_BATCH = 100;
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final EmbeddedServer server;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("fanout-subscriber", true), NioIoHandler.newFactory());
  private final KeepAliveHttp publisher;
  private final List<Channel> sockets = new ArrayList<>();
  private final Receipts receipts = new Receipts();
  private final int windowBudget;
  private long version;
  private volatile int messageBytes;

  /**
   * @param windowBudget 0 for plain streams, else the token budget of windowed ones: every
   *     subscriber gets the {@code window_update} of each version (one window step shared by all)
   */
  WebSocketFanout(EmbeddedServer server, int windowBudget) {
    this.server = server;
    this.windowBudget = windowBudget;
    this.version = server.seed(PROJECT, SyntheticContext.document(10 * 1024));
    URI base = server.context(PROJECT);
    this.publisher = new KeepAliveHttp(base.getHost(), base.getPort());
  }

  @Override
  public void grow(int total) {
    while (sockets.size() < total) {
      List<CompletableFuture<Channel>> batch = new ArrayList<>();
      for (int i = 0; i < Math.min(CONNECT_BATCH, total - sockets.size()); i++) {
        String agent = "agent-" + (sockets.size() + i);
        batch.add(connect(windowBudget > 0 ? server.windowedStream(PROJECT, agent, version, windowBudget)
            : server.stream(PROJECT, agent, version)));
      }
      for (CompletableFuture<Channel> f : batch) {
        sockets.add(f.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join());
      }
    }
    // A subscriber is registered before its handshake answers, but starts its feed just after:
    // one delivery to all proves every one of them is listening.
    deliverOne();
  }

  private CompletableFuture<Channel> connect(URI uri) {
    CompletableFuture<Channel> open = new CompletableFuture<>();
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
        .maxFramePayloadLength(MAX_MESSAGE_BYTES).handshakeTimeoutMillis(TIMEOUT.toMillis())
        // The Redis side's clients check no UTF-8 before decoding either: a separate validating
        // pass over every frame was the largest share of the client threads' profile samples.
        .withUTF8Validator(false).build();
    Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_MESSAGE_BYTES),
                new Subscriber(open));
          }
        });
    b.connect(uri.getHost(), uri.getPort()).addListener(f -> {
      if (!f.isSuccess()) {
        open.completeExceptionally(f.cause());
      }
    });
    return open;
  }

  @Override
  public Receipts.Delivery deliverOne() {
    long next = version + 1;
    String body = SyntheticContext.diffBody(next); // made before the clock starts, as the Redis side's message is
    Receipts.Round round = receipts.begin(next, sockets.size());
    publisher.post("/context/" + PROJECT + "/diff", body);
    Receipts.Delivery delivery = round.await(TIMEOUT);
    KeepAliveHttp.Answer answer = publisher.answer();
    if (answer.status() != 200 || !answer.body().contains("\"version\":" + next + ",")) {
      throw new BenchmarkException("commit " + next + " answered " + answer.status() + ": " + answer.body());
    }
    version = next;
    return delivery;
  }

  @Override
  public int messageBytes() {
    return messageBytes;
  }

  @Override
  public void close() {
    publisher.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    sockets.clear();
  }

  /** The {@code version} member of a {@code context_update} or {@code window_update}; -1 for any other message. */
  static long versionOf(CharSequence message) {
    String m = message.toString();
    if (!m.contains("\"type\":\"context_update\"") && !m.contains("\"type\":\"window_update\"")) {
      return -1;
    }
    int at = m.indexOf("\"version\":");
    if (at < 0) {
      return -1;
    }
    int i = at + "\"version\":".length();
    long v = 0;
    while (i < m.length() && Character.isDigit(m.charAt(i))) {
      v = v * 10 + (m.charAt(i++) - '0');
    }
    return v;
  }

  /** One subscriber: reports each update's version; tells when its handshake is done. */
  private final class Subscriber extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final CompletableFuture<Channel> open;

    Subscriber(CompletableFuture<Channel> open) {
      this.open = open;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        open.complete(ctx.channel());
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      ByteBuf content = frame.content();
      String message = content.toString(StandardCharsets.UTF_8);
      long v = versionOf(message);
      if (v > 0) {
        messageBytes = content.readableBytes();
        receipts.received(v);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      open.completeExceptionally(cause);
      ctx.close();
    }
  }
}
