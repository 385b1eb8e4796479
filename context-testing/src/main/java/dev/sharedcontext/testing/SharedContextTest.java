package dev.sharedcontext.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against an in-process SharedContext server ({@link SharedContextExtension}
 * with the settings below). Test methods, lifecycle methods and constructors may take a
 * {@link TestServer}, and ready clients: {@code SharedContextClient}, {@link RecordingListener} or
 * {@link TestAgent}, named with {@link Agent}.
 *
 * <pre>{@code
 * @SharedContextTest
 * class PlannerTest {
 *   @Test
 *   void publishesItsPlan(TestServer server, @Agent("planner") SharedContextClient client) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SharedContextExtension.class)
public @interface SharedContextTest {
  /** One server per class (the default) or per test. */
  Lifecycle lifecycle() default Lifecycle.PER_CLASS;

  /** Whether clients go through the fault proxy (default true, so {@link TestServer#inject} works). */
  boolean proxy() default TestServerOptions.DEFAULT_PROXY;

  /** The default project (default {@value TestServerOptions#DEFAULT_PROJECT_ID}). */
  String projectId() default TestServerOptions.DEFAULT_PROJECT_ID;
}
