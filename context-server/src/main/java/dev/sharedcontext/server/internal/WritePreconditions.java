package dev.sharedcontext.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The preconditions of a write that commits ({@code PUT}, {@code POST} of a diff or a rollback;
 * RFC 9110, section 13.1), evaluated against a project's head version, 0 when the project does
 * not exist:
 *
 * <ul>
 *   <li>{@code If-Match: "N"}: the head is version N ({@code "0"}: the project does not exist);
 *       {@code If-Match: *}: the project exists.
 *   <li>{@code If-None-Match: *}: the project does not exist (a PUT creates, never replaces);
 *       {@code If-None-Match: "N", ...}: the head is none of the listed versions (weak tags
 *       compare as strong ones).
 * </ul>
 *
 * <p>{@code If-Match} first, then {@code If-None-Match}, as the RFC orders them. The caller
 * commits on exactly the head it evaluated them against, so that they still hold when the commit
 * lands.
 */
final class WritePreconditions {
  private final String ifMatch;
  private final long matchVersion;
  private final String ifNoneMatch;

  private WritePreconditions(String ifMatch, String ifNoneMatch) {
    this.ifMatch = ifMatch == null ? null : ifMatch.trim();
    this.matchVersion = ifMatch == null ? ETags.NONE : ETags.ifMatch(ifMatch);
    this.ifNoneMatch = ifNoneMatch == null ? null : ifNoneMatch.trim();
  }

  /**
   * The request's preconditions.
   *
   * @throws dev.sharedcontext.core.InvalidInputException if {@code If-Match} is not {@code *} or
   *     one version tag
   */
  static WritePreconditions of(HttpHeaders headers) {
    return new WritePreconditions(headers.get(HttpHeaderNames.IF_MATCH), headers.get(HttpHeaderNames.IF_NONE_MATCH));
  }

  /** True if the request has neither header: a plain write. */
  boolean none() {
    return ifMatch == null && ifNoneMatch == null;
  }

  /** Null if the preconditions hold for a project whose head is {@code head} (0: none), else why not. */
  String failure(long head) {
    if (ifMatch != null) {
      if (matchVersion == ETags.ANY ? head == 0 : matchVersion != head) {
        return "If-Match " + ifMatch + " failed: " + state(head);
      }
    }
    if (ifNoneMatch != null && head > 0 && ETags.noneMatchFails(ifNoneMatch, head)) {
      return "If-None-Match " + Route.abbreviate(ifNoneMatch) + " failed: " + state(head);
    }
    return null;
  }

  private static String state(long head) {
    return head == 0 ? "the project does not exist" : "the head is version " + head;
  }
}
