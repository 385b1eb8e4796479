package dev.sharedcontext.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A configured extension on a static field, one server per test, without the proxy. */
class RegisterExtensionIT {
  @RegisterExtension
  static final SharedContextExtension context = SharedContextExtension.builder()
      .lifecycle(Lifecycle.PER_TEST).proxy(false).projectId("registered").build();

  private static final Set<Integer> ports = new HashSet<>();

  @RepeatedTest(3)
  void eachTestGetsItsOwnServer(TestServer injected) {
    TestServer server = context.server();
    assertThat(injected).isSameAs(server);
    assertThat(server.uri()).isEqualTo(server.serverUri()); // no proxy in between
    assertThat(ports.add(server.port())).as("a new server per test").isTrue();
    assertThat(server.store().projects()).isEmpty();

    server.commit("registered", ContextDocument.parse("{\"n\":1}"));
    assertThat(server.agent("a").client().getContext().version()).isEqualTo(1);
  }

  @AfterAll
  static void threeServers() {
    assertThat(ports).hasSize(3);
  }
}
