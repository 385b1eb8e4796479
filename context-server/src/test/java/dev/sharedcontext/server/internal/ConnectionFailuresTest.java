package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sharedcontext.server.ServerOptions;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionFailuresTest {
  final Logger logger = (Logger) LoggerFactory.getLogger(HttpHandler.class);
  final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  Level level;
  ServerRuntime rt;

  @BeforeEach
  void setUp() {
    appender.start();
    logger.addAppender(appender);
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // the warning below is expected: kept out of the build's console
    rt = Fixtures.runtime(ServerOptions.defaults());
  }

  @AfterEach
  void tearDown() {
    logger.setLevel(level);
    logger.setAdditive(true);
    logger.detachAppender(appender);
    appender.stop();
    rt.close();
    rt.store.close();
  }

  @Test
  void whatThePeerCausedIsRoutine() {
    assertThat(ConnectionFailures.causedByPeer(new IOException("Connection reset by peer"))).isTrue();
    assertThat(ConnectionFailures.causedByPeer(new SocketException("Broken pipe"))).isTrue();
    assertThat(ConnectionFailures.causedByPeer(new ClosedChannelException())).isTrue();
    assertThat(ConnectionFailures.causedByPeer(new CorruptedFrameException("bad frame"))).isTrue();
    assertThat(ConnectionFailures.causedByPeer(new DecoderException(new IOException("reset")))).isTrue();
    assertThat(ConnectionFailures.causedByPeer(new DecoderException(new CorruptedFrameException("bad")))).isTrue();
  }

  @Test
  void whatTheServerThrewIsNot() {
    assertThat(ConnectionFailures.causedByPeer(new IllegalStateException("a bug"))).isFalse();
    assertThat(ConnectionFailures.causedByPeer(new DecoderException(new NullPointerException()))).isFalse();
    assertThat(ConnectionFailures.causedByPeer(new EncoderException(new IllegalArgumentException()))).isFalse();
    assertThat(ConnectionFailures.causedByPeer(new OutOfMemoryError("direct buffer memory"))).isFalse();
  }

  @Test
  void anHttpConnectionEndedByTheServersOwnFailureIsLoggedAsAWarningWithItsCause() {
    EmbeddedChannel reset = new EmbeddedChannel(new HttpHandler(rt, null));
    reset.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
    assertThat(reset.isOpen()).isFalse();
    EmbeddedChannel bug = new EmbeddedChannel(new HttpHandler(rt, null));
    IllegalStateException cause = new IllegalStateException("a handler's bug");
    bug.pipeline().fireExceptionCaught(cause);
    assertThat(bug.isOpen()).isFalse();

    assertThat(appender.list).hasSize(2);
    ILoggingEvent routine = appender.list.get(0);
    assertThat(routine.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(routine.getThrowableProxy()).isNull();
    ILoggingEvent warning = appender.list.get(1);
    assertThat(warning.getLevel()).isEqualTo(Level.WARN);
    assertThat(warning.getFormattedMessage()).contains("HTTP connection").contains("unexpected failure");
    assertThat(warning.getThrowableProxy().getMessage()).isEqualTo("a handler's bug");
    reset.finishAndReleaseAll();
    bug.finishAndReleaseAll();
  }
}
