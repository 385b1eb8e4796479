package dev.sharedcontext.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6901 JSON pointer: a list of reference tokens, unescaped. {@code ""} is the whole
 * document; {@code "/a~1b/0"} is the tokens {@code ["a/b", "0"]}.
 *
 * <p>Immutable and thread-safe.
 */
public record JsonPointer(List<String> tokens) {

  /** The pointer to the whole document, {@code ""}. */
  public static final JsonPointer ROOT = new JsonPointer(List.of());

  public JsonPointer {
    tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
  }

  // equals and hashCode written out, with the record's meaning: the generated ones link through
  // invokedynamic on first use, and pointers are hashed first while a server's default priority
  // table is built, where that linking (the JVM's first of its kind) took 10-18 ms of a fresh
  // JVM's first server start.

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonPointer other && tokens.equals(other.tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  /**
   * Parses a pointer in its string form.
   *
   * @throws InvalidPatchException if it is neither empty nor starts with {@code /}, or holds a
   *     {@code ~} not followed by {@code 0} or {@code 1}
   */
  public static JsonPointer parse(String pointer) {
    Objects.requireNonNull(pointer, "pointer");
    if (pointer.isEmpty()) {
      return ROOT;
    }
    if (pointer.charAt(0) != '/') {
      throw new InvalidPatchException("invalid JSON pointer '" + pointer + "': must be empty or start with '/'");
    }
    List<String> tokens = new ArrayList<>();
    int start = 1;
    while (true) {
      int slash = pointer.indexOf('/', start);
      String raw = slash < 0 ? pointer.substring(start) : pointer.substring(start, slash);
      tokens.add(unescape(raw, pointer));
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return new JsonPointer(tokens);
  }

  /** A pointer made of the given unescaped tokens. */
  public static JsonPointer of(String... tokens) {
    return new JsonPointer(List.of(tokens));
  }

  private static String unescape(String raw, String whole) {
    if (raw.indexOf('~') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '~') {
        out.append(c);
        continue;
      }
      char next = i + 1 < raw.length() ? raw.charAt(i + 1) : '\0';
      if (next == '0') {
        out.append('~');
      } else if (next == '1') {
        out.append('/');
      } else {
        throw new InvalidPatchException("invalid JSON pointer '" + whole + "': '~' must be followed by 0 or 1");
      }
      i++;
    }
    return out.toString();
  }

  /** Escapes one reference token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  public static String escape(String token) {
    if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
      return token;
    }
    return token.replace("~", "~0").replace("/", "~1");
  }

  public boolean isRoot() {
    return tokens.isEmpty();
  }

  /** This pointer with one more token. */
  public JsonPointer append(String token) {
    List<String> next = new ArrayList<>(tokens.size() + 1);
    next.addAll(tokens);
    next.add(Objects.requireNonNull(token, "token"));
    return new JsonPointer(next);
  }

  /** This pointer with one more array index. */
  public JsonPointer append(int index) {
    return append(Integer.toString(index));
  }

  /** The pointer to the parent; the root's parent is an {@link IllegalStateException}. */
  public JsonPointer parent() {
    if (tokens.isEmpty()) {
      throw new IllegalStateException("the root pointer has no parent");
    }
    return new JsonPointer(tokens.subList(0, tokens.size() - 1));
  }

  /** The last token; the root has none ({@link IllegalStateException}). */
  public String last() {
    if (tokens.isEmpty()) {
      throw new IllegalStateException("the root pointer has no last token");
    }
    return tokens.get(tokens.size() - 1);
  }

  /** True if {@code other} is this pointer or lies below it. */
  public boolean isPrefixOf(JsonPointer other) {
    if (other.tokens.size() < tokens.size()) {
      return false;
    }
    for (int i = 0; i < tokens.size(); i++) {
      if (!tokens.get(i).equals(other.tokens.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** True if one of the two pointers is a prefix of the other: a change at one can affect the other. */
  public boolean overlaps(JsonPointer other) {
    return isPrefixOf(other) || other.isPrefixOf(this);
  }

  /** The RFC 6901 string form, e.g. {@code /files/a~1b}. */
  @Override
  public String toString() {
    if (tokens.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String token : tokens) {
      out.append('/').append(escape(token));
    }
    return out.toString();
  }
}
