package dev.sharedcontext.integration.internal;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.integration.HealthStatus;
import dev.sharedcontext.integration.IntegrationOptions;
import dev.sharedcontext.integration.ServerMode;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once, which server an integration uses: the one that answers {@code /health} at the
 * configured URI, or else an embedded one bound to that URI's host and port.
 */
public final class ServerLocator {
  private static final Logger log = LoggerFactory.getLogger(ServerLocator.class);

  private ServerLocator() {}

  /**
   * What was found or started.
   *
   * @param mode external or embedded
   * @param uri where clients connect
   * @param embedded the server started here; null when external
   * @param health the check that decided
   * @param message one line saying which it did, for the host's log or console
   */
  public record Located(ServerMode mode, URI uri, SharedContextServer embedded, HealthStatus health, String message) {}

  /**
   * @throws ConnectionException if no server answers and auto-start is off, or the embedded server
   *     cannot bind (the port is taken by something that is not a SharedContext server)
   */
  public static Located locate(IntegrationOptions options, Clock clock) {
    URI uri = options.serverUri();
    ServerHttp http = new ServerHttp(uri, options.authToken(), options.probeTimeout());
    HealthStatus found = new HealthProbe(http, clock).check();
    if (found.answered()) {
      String message = "Using the SharedContext server at " + uri + " (status " + found.status()
          + (found.serverVersion().isEmpty() ? "" : ", version " + found.serverVersion()) + ")";
      if (!found.error().isEmpty()) {
        log.warn("the server at {} answered /health with: {}", uri, found.error());
      }
      log.info(message);
      return new Located(ServerMode.EXTERNAL, uri, null, found, message);
    }
    if (!options.autoStart()) {
      throw new ConnectionException("no SharedContext server answers at " + uri + " (" + found.error()
          + ") and autoStart is off", null);
    }
    String host = "localhost".equalsIgnoreCase(uri.getHost()) ? ServerOptions.DEFAULT_HOST : uri.getHost();
    int port = uri.getPort() == -1 ? ServerOptions.DEFAULT_PORT : uri.getPort();
    SharedContextServer server = SharedContextServer.builder().host(host).port(port)
        .options(options.embeddedServerOptions()).build().start();
    String message = "No SharedContext server answered at " + uri + "; started an embedded server at " + server.uri();
    log.info(message);
    HealthStatus health = new HealthProbe(new ServerHttp(server.uri(), options.authToken(), options.probeTimeout()), clock)
        .check();
    return new Located(ServerMode.EMBEDDED, server.uri(), server, health, message);
  }
}
