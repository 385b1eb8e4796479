package dev.sharedcontext.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bearer token and what it grants: an {@link Access} level on a set of project ids, or on all
 * projects. Sent by clients as {@code Authorization: Bearer <token>}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the token.
 *
 * @param token the secret; not blank, no white space
 * @param access the level granted; higher levels include the lower ones
 * @param projects the project ids granted; empty means every project
 */
public record AccessToken(String token, Access access, Set<String> projects) {

  /** What a token may do; each level includes the ones before it. */
  public enum Access {
    /** Read contexts, history and catch-ups; subscribe to streams. */
    READ,
    /** Also commit: PUT, POST diff, rollback, WebSocket {@code context_update}. */
    WRITE,
    /** Also delete projects; with every project granted, also read {@code /metrics}. */
    ADMIN;

    /** True if this level includes {@code needed}. */
    public boolean includes(Access needed) {
      return compareTo(needed) >= 0;
    }
  }

  public AccessToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(access, "access");
    if (token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("token must be non-blank without white space");
    }
    projects = Set.copyOf(Objects.requireNonNull(projects, "projects"));
  }

  /** A token granting {@code access} on the listed projects. */
  public static AccessToken of(String token, Access access, String... projects) {
    if (projects.length == 0) {
      throw new IllegalArgumentException("name at least one project, or use allProjects()");
    }
    return new AccessToken(token, access, Set.of(projects));
  }

  /** A token granting {@code access} on every project. */
  public static AccessToken allProjects(String token, Access access) {
    return new AccessToken(token, access, Set.of());
  }

  /**
   * Parses {@code TOKEN:LEVEL[:PROJECT,PROJECT...]}, e.g. {@code s3cret:write:alpha,beta} or
   * {@code adm1n:admin} (no project list, or {@code *}, means every project).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static AccessToken parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String[] parts = spec.split(":", 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException("token spec must be TOKEN:read|write|admin[:PROJECT,...]");
    }
    Access access;
    try {
      access = Access.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown access level '" + parts[1] + "': read, write or admin");
    }
    if (parts.length == 2 || parts[2].isBlank() || parts[2].trim().equals("*")) {
      return allProjects(parts[0], access);
    }
    Set<String> projects = new TreeSet<>();
    Arrays.stream(parts[2].split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(projects::add);
    return new AccessToken(parts[0], access, projects);
  }

  /** True if every project is granted. */
  public boolean allowsAllProjects() {
    return projects.isEmpty();
  }

  /** True if this token grants {@code needed} on {@code projectId}. */
  public boolean allows(Access needed, String projectId) {
    return access.includes(needed) && (projects.isEmpty() || projects.contains(projectId));
  }

  @Override
  public String toString() {
    return "AccessToken[" + access + " on " + (projects.isEmpty() ? "all projects" : projects) + "]";
  }
}
