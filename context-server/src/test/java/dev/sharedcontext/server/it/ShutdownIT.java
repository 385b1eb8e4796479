package dev.sharedcontext.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Start and stop: ports, the state machine, and the graceful close. */
class ShutdownIT {

  @Test
  void closeTellsWebSocketsGoingAwayAndFinishesTheRequestInFlight() throws Exception {
    SharedContextServer server = Servers.start(Servers.testOptions().shutdownQuietPeriod(Duration.ofSeconds(5)).build());
    Http http = new Http(server.uri());
    http.put("/context/sd", "{\"context\": {}}");
    try (WsClient ws = WsClient.connect(Servers.ws(server, "/context/sd/stream"));
         RawSocket inFlight = new RawSocket(server.port());
         RawSocket idle = new RawSocket(server.port())) {
      ws.next();
      // A request whose body is still arriving when the server starts to close.
      inFlight.send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab");
      idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(idle.readResponse().status()).isEqualTo(200);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      assertThat(ws.closeStatus(5)).isEqualTo(1001);
      assertThat(idle.closedWithin(5000)).as("an idle keep-alive connection is closed at once").isTrue();
      inFlight.send("cde");
      RawSocket.Response draining = inFlight.readResponse();
      assertThat(draining.status()).as("health while draining").isEqualTo(503);
      assertThat(draining.body()).contains("\"status\":\"draining\"");
      assertThat(draining.headers().get("connection")).isEqualTo("close");
      closing.get();
      assertThat(server.isRunning()).isFalse();
    }
  }

  @Test
  void lifecycleAndPorts() {
    SharedContextServer server = Servers.start();
    int port = server.port();
    assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + port);
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    SharedContextServer second = SharedContextServer.builder().port(port).options(Servers.testOptions().build()).build();
    assertThatThrownBy(second::start).isInstanceOf(ConnectionException.class).hasMessageContaining(String.valueOf(port));
    second.close();
    server.close();
    server.close(); // idempotent
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    assertThat(server.port()).as("still known after close, to start another server there").isEqualTo(port);
    assertThatThrownBy(second::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    // the port is free again
    SharedContextServer again = SharedContextServer.builder().port(port).options(Servers.testOptions().build()).build().start();
    again.close();
  }

  @Test
  void closesOnlyTheStoreItCreated() {
    ContextStore given = ContextStore.inMemory();
    SharedContextServer server = SharedContextServer.builder().port(0).store(given)
        .options(Servers.testOptions().build()).build().start();
    assertThat(server.store()).isSameAs(given);
    server.close();
    assertThat(given.projects()).isEmpty(); // still open
    given.close();

    SharedContextServer owning = SharedContextServer.builder().port(0).options(ServerOptions.defaults()).build();
    ContextStore created = owning.store();
    owning.close(); // never started: still releases what it created
    assertThatThrownBy(created::projects).isInstanceOf(dev.sharedcontext.core.ClosedException.class);
  }
}
