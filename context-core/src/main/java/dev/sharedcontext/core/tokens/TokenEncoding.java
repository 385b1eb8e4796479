package dev.sharedcontext.core.tokens;

import java.util.Locale;

/** The BPE encodings SharedContext counts with. Both are bundled with jtokkit; nothing is downloaded. */
public enum TokenEncoding {
  /** GPT-4o / o-series encoding; the default. */
  O200K_BASE("o200k_base"),
  /** GPT-4 / GPT-3.5 encoding. */
  CL100K_BASE("cl100k_base");

  /** The encoding used where none is configured. */
  public static final TokenEncoding DEFAULT = O200K_BASE;

  private final String wireName;

  TokenEncoding(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire and in options, e.g. {@code o200k_base}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The encoding with this wire name (case-insensitive).
   *
   * @throws IllegalArgumentException listing the known names otherwise
   */
  public static TokenEncoding fromName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (TokenEncoding e : values()) {
      if (e.wireName.equals(n)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown token encoding '" + name + "'; known: o200k_base, cl100k_base");
  }
}
