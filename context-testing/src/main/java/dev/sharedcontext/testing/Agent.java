package dev.sharedcontext.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the agent (and optionally the project) of an injected {@code SharedContextClient},
 * {@link RecordingListener} or {@link TestAgent} parameter. Parameters naming the same agent and
 * project in one test get the same client and its recorder:
 *
 * <pre>{@code
 * @Test
 * void reviewerSeesPlannersChange(@Agent("planner") SharedContextClient planner,
 *     @Agent("reviewer") RecordingListener reviewer) { ... }
 * }</pre>
 *
 * <p>Without this annotation the agent is {@value #DEFAULT_AGENT} on the default project.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Agent {
  /** The agent id of unannotated parameters. */
  String DEFAULT_AGENT = "agent";

  /** The agent id. */
  String value() default DEFAULT_AGENT;

  /** The project; empty (the default) for the server's default project. */
  String project() default "";
}
