package dev.sharedcontext.server.it;

import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.ServerOptionsBuilder;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.time.Duration;

/** Servers for the integration tests: port 0, short timeouts, no quiet period to wait out. */
public final class Servers {
  private Servers() {}

  public static ServerOptionsBuilder testOptions() {
    return ServerOptions.builder()
        .shutdownQuietPeriod(Duration.ofMillis(200))
        .shutdownTimeout(Duration.ofSeconds(5));
  }

  public static SharedContextServer start() {
    return start(testOptions().build());
  }

  public static SharedContextServer start(ServerOptions options) {
    return SharedContextServer.builder().port(0).options(options).build().start();
  }

  public static URI ws(SharedContextServer server, String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
  }
}
