package dev.sharedcontext.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --metrics-stream-interval}: the dashboard's feed period from the command line. */
class LauncherMetricsStreamTest {

  @Test
  void defaultsToTheServerOptionsDefault() {
    Launcher l = new Launcher();
    new CommandLine(l).parseArgs();
    assertThat(l.options().metricsStreamInterval()).isEqualTo(ServerOptions.DEFAULT_METRICS_STREAM_INTERVAL);
  }

  @Test
  void takesADuration() {
    Launcher l = new Launcher();
    new CommandLine(l).parseArgs("--metrics-stream-interval", "250ms");
    assertThat(l.options().metricsStreamInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void refusesAnIntervalOutOfBounds() {
    Launcher l = new Launcher();
    new CommandLine(l).parseArgs("--metrics-stream-interval", "10ms");
    assertThatThrownBy(l::options).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricsStreamInterval");
  }
}
