package dev.sharedcontext.core;

import dev.sharedcontext.core.internal.Abbreviation;

/** The one definition of a valid project id: 1–128 characters of {@code [A-Za-z0-9._-]}. */
public final class ProjectIds {
  /** The longest project id accepted. */
  public static final int MAX_LENGTH = 128;

  private ProjectIds() {}

  /** True if {@code id} is a valid project id. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code id} if valid.
   *
   * @throws InvalidInputException naming the rule otherwise
   */
  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new InvalidInputException("invalid project id " + (id == null ? "null" : "'" + abbreviate(id) + "'")
          + ": must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9._-]");
    }
    return id;
  }

  private static String abbreviate(String id) {
    return Abbreviation.of(id, 64, 61, "...");
  }
}
