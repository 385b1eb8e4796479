package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.UnauthorizedException;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Bearer-token checks. Off when no token is configured. Tokens are looked up by their SHA-256,
 * so the time a lookup takes says nothing about how much of a guess was right.
 */
final class Auth {
  private final Map<String, AccessToken> byDigest = new HashMap<>();

  Auth(List<AccessToken> tokens) {
    for (AccessToken t : tokens) {
      byDigest.put(digest(t.token()), t);
    }
  }

  boolean enabled() {
    return !byDigest.isEmpty();
  }

  /**
   * The token presented in an {@code Authorization} header; null when auth is off.
   *
   * @throws UnauthorizedException (401) when auth is on and the header is missing or unknown
   */
  AccessToken authenticate(String authorization) {
    if (!enabled()) {
      return null;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw UnauthorizedException.unauthenticated("a bearer token is required (Authorization: Bearer <token>)");
    }
    AccessToken token = byDigest.get(digest(authorization.substring(7).trim()));
    if (token == null) {
      throw UnauthorizedException.unauthenticated("unknown bearer token");
    }
    return token;
  }

  /**
   * Checks that {@code token} (from {@link #authenticate}) grants {@code needed} on
   * {@code projectId}; null project means "every project".
   *
   * @throws UnauthorizedException (403) otherwise
   */
  void authorize(AccessToken token, Access needed, String projectId) {
    if (!enabled()) {
      return;
    }
    boolean ok = projectId == null
        ? token.access().includes(needed) && token.allowsAllProjects()
        : token.allows(needed, projectId);
    if (!ok) {
      throw UnauthorizedException.forbidden("the token does not grant " + needed.name().toLowerCase()
          + (projectId == null ? " on every project" : " on project " + projectId));
    }
  }

  private static String digest(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
