package dev.sharedcontext.testing;

import dev.sharedcontext.client.SharedContextClient;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension that runs tests against a {@link TestServer}: started on port 0 before the
 * class (or each test), closed after it, with ready clients per test. Use
 * {@link SharedContextTest @SharedContextTest}, or register a configured one, like
 * MockWebServer's extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedContextExtension context = SharedContextExtension.builder()
 *     .lifecycle(Lifecycle.PER_TEST).projectId("demo").build();
 *
 * @Test
 * void test() {
 *   TestAgent a = context.server().agent("a");
 * }
 * }</pre>
 *
 * <p>Injects {@link TestServer}, {@link TestAgent}, {@link SharedContextClient} and
 * {@link RecordingListener} parameters (see {@link Agent}). After each test its clients are closed
 * and, with {@link Lifecycle#PER_CLASS}, the store is emptied; after the class (or test) the
 * server is closed, leaving no thread or port behind. Registered on a non-static field, it
 * behaves as {@link Lifecycle#PER_TEST}. Not for tests of one class run in parallel.
 */
public final class SharedContextExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** One server per class unless configured otherwise. */
  public static final Lifecycle DEFAULT_LIFECYCLE = Lifecycle.PER_CLASS;

  private static final Logger log = LoggerFactory.getLogger(SharedContextExtension.class);
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedContextExtension.class);

  private final TestServerOptions configured; // null: from @SharedContextTest, else the defaults
  private final Lifecycle configuredLifecycle;
  private volatile TestServer current;

  /** The extension of {@link SharedContextTest}: its settings come from the annotation. */
  public SharedContextExtension() {
    this(null, null);
  }

  private SharedContextExtension(TestServerOptions options, Lifecycle lifecycle) {
    this.configured = options;
    this.configuredLifecycle = lifecycle;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server of the running test (or class).
   *
   * @throws IllegalStateException outside a test
   */
  public TestServer server() {
    TestServer s = current;
    if (s == null) {
      throw new IllegalStateException("no test server: the extension starts it before a test (or class) runs");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (lifecycle(context) == Lifecycle.PER_CLASS) {
      start(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (find(context).isEmpty()) {
      start(context); // per test, or a class-level server never started (a non-static field)
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestServer own = context.getStore(NS).remove(TestServer.class, TestServer.class);
    if (own != null) {
      own.close();
      current = find(context).orElse(null);
    } else {
      find(context).ifPresent(TestServer::reset);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestServer own = context.getStore(NS).remove(TestServer.class, TestServer.class);
    if (own != null) {
      own.close();
    }
    current = null;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == TestServer.class || type == TestAgent.class || type == SharedContextClient.class
        || type == RecordingListener.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    TestServer server = find(e).orElseThrow(() -> new ParameterResolutionException(
        "no test server for " + p.getParameter() + ": clients are per test, not per class"));
    Class<?> type = p.getParameter().getType();
    if (type == TestServer.class) {
      return server;
    }
    Optional<Agent> named = p.findAnnotation(Agent.class);
    String agentId = named.map(Agent::value).orElse(Agent.DEFAULT_AGENT);
    String project = named.map(Agent::project).filter(s -> !s.isEmpty()).orElse(server.projectId());
    TestAgent agent = server.agent(project, agentId);
    return type == TestAgent.class ? agent : type == SharedContextClient.class ? agent.client() : agent.events();
  }

  private void start(ExtensionContext context) {
    TestServer s = TestServer.start(options(context));
    context.getStore(NS).put(TestServer.class, s);
    current = s;
    log.debug("test server {} started in {} ms for {}", s, s.startTime().toMillis(), context.getDisplayName());
  }

  private static Optional<TestServer> find(ExtensionContext context) {
    return Optional.ofNullable(context.getStore(NS).get(TestServer.class, TestServer.class));
  }

  private Lifecycle lifecycle(ExtensionContext context) {
    if (configuredLifecycle != null) {
      return configuredLifecycle;
    }
    return annotation(context).map(SharedContextTest::lifecycle).orElse(DEFAULT_LIFECYCLE);
  }

  private TestServerOptions options(ExtensionContext context) {
    if (configured != null) {
      return configured;
    }
    return annotation(context)
        .map(a -> TestServerOptions.builder().proxy(a.proxy()).projectId(a.projectId()).build())
        .orElse(TestServerOptions.defaults());
  }

  /** The annotation on the test class or, for {@code @Nested} classes, an enclosing one. */
  private static Optional<SharedContextTest> annotation(ExtensionContext context) {
    for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
      Optional<SharedContextTest> a = AnnotationSupport.findAnnotation(c, SharedContextTest.class);
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  /** Builds a configured extension for {@code @RegisterExtension}. Not thread-safe. */
  public static final class Builder {
    private TestServerOptions.Builder options = TestServerOptions.builder();
    private Lifecycle lifecycle = DEFAULT_LIFECYCLE;

    private Builder() {}

    /** One server per class (default) or per test. */
    public Builder lifecycle(Lifecycle value) {
      this.lifecycle = Objects.requireNonNull(value, "lifecycle");
      return this;
    }

    /** Every server option at once, replacing those set so far (default {@link TestServerOptions#defaults()}). */
    public Builder options(TestServerOptions value) {
      this.options = Objects.requireNonNull(value, "options").mutate();
      return this;
    }

    /** See {@link TestServerOptions.Builder#proxy}. */
    public Builder proxy(boolean value) {
      options.proxy(value);
      return this;
    }

    /** See {@link TestServerOptions.Builder#projectId}. */
    public Builder projectId(String value) {
      options.projectId(value);
      return this;
    }

    public SharedContextExtension build() {
      return new SharedContextExtension(options.build(), lifecycle);
    }
  }
}
