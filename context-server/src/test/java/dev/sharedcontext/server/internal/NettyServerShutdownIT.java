package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ServerOptions;
import io.netty.channel.Channel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The graceful close of a server whose handlers run on handler threads. */
class NettyServerShutdownIT {

  /**
   * A closed channel's last events go from its event loop to its handler executor after the
   * close has completed. Here the loop is held up right at that point until the handler
   * executor has stopped (as a busy machine can keep a loop off the CPU): stopping the executor
   * before the loop handed those events over was a rejected hand-off and a warning per channel.
   */
  @Test
  void theHandlerThreadsOutliveTheLastEventsOfTheClosedConnections() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    ContextStore store = ContextStore.inMemory();
    try (Socket client = new Socket()) {
      ServerRuntime rt = new ServerRuntime(ServerOptions.builder().ioThreads(1).handlerThreads(2)
          .shutdownQuietPeriod(Duration.ofMillis(100)).build(), store);
      NettyServer netty = new NettyServer(rt);
      InetSocketAddress bound = netty.bind("127.0.0.1", 0);
      client.connect(bound);
      OutputStream out = client.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = client.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

      List<Channel> open = List.copyOf(rt.connections.group());
      assertThat(open).hasSize(1);
      open.get(0).closeFuture().addListener(f ->
          netty.handlerExecutors().terminationFuture().awaitUninterruptibly(Duration.ofSeconds(1).toMillis()));
      netty.close();

      assertThat(netty.handlerExecutors().isTerminated()).isTrue();
    } finally {
      root.detachAppender(log);
      log.stop();
      store.close();
    }
    assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).isEmpty();
  }
}
