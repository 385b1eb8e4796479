package dev.sharedcontext.core;

/**
 * Limits applied while parsing JSON from outside: they are checked during parsing, so an
 * oversized or too deeply nested input is refused before it is held in memory.
 *
 * @param maxDepth the deepest nesting of arrays and objects accepted (default {@value #DEFAULT_MAX_DEPTH})
 * @param maxStringLength the longest string value accepted, in chars (default {@value #DEFAULT_MAX_STRING_LENGTH})
 * @param maxNameLength the longest member name accepted, in chars (default {@value #DEFAULT_MAX_NAME_LENGTH})
 */
public record JsonLimits(int maxDepth, int maxStringLength, int maxNameLength) {

  public static final int DEFAULT_MAX_DEPTH = 64;
  public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_NAME_LENGTH = 4096;

  /** The defaults above. */
  public static final JsonLimits DEFAULTS =
      new JsonLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_NAME_LENGTH);

  public JsonLimits {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
    }
    if (maxStringLength < 1) {
      throw new IllegalArgumentException("maxStringLength must be at least 1: " + maxStringLength);
    }
    if (maxNameLength < 1) {
      throw new IllegalArgumentException("maxNameLength must be at least 1: " + maxNameLength);
    }
  }
}
