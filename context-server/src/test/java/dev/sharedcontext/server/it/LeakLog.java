package dev.sharedcontext.server.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak reports, collected while a test runs (the build runs tests with paranoid leak
 * detection). A leak is reported when its buffer was collected unreleased and the detector
 * tracks the next buffer, so {@link #leaks()} collects garbage and allocates before it reads.
 */
public final class LeakLog implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LeakLog() {
    appender.start();
    logger.addAppender(appender);
  }

  /** The leak reports so far, after a garbage collection and a few tracked allocations. */
  public List<String> leaks() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      for (int j = 0; j < 64; j++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        b.release();
      }
    }
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LEAK")).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
