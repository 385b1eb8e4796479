package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.InvalidInputException;

/** Entity tags: a context version {@code N} is the tag {@code "N"}. */
final class ETags {
  /** No tag could match: the project does not exist. */
  static final long NONE = -1;
  /** {@code If-Match: *}. */
  static final long ANY = -2;

  private ETags() {}

  static String of(long version) {
    return "\"" + version + "\"";
  }

  /** True if an {@code If-None-Match} header lists {@code version} (weak comparison) or is {@code *}. */
  static boolean noneMatchFails(String header, long version) {
    if (header == null) {
      return false;
    }
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(of(version))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The version an {@code If-Match} header demands: {@link #ANY} for {@code *}, else the one
   * strong tag {@code "N"}.
   *
   * @throws InvalidInputException for anything else (a list, a weak tag, not a version)
   */
  static long ifMatch(String header) {
    String t = header.trim();
    if (t.equals("*")) {
      return ANY;
    }
    if (t.length() >= 3 && t.startsWith("\"") && t.endsWith("\"")) {
      try {
        long v = Long.parseLong(t.substring(1, t.length() - 1));
        if (v >= 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new InvalidInputException("If-Match must be * or one version tag such as \"12\", not "
        + Route.abbreviate(header));
  }
}
