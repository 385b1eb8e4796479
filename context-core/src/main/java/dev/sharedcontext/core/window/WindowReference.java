package dev.sharedcontext.core.window;

import java.util.Objects;

/**
 * A part of the context that a window left out, and how to get it back exactly.
 *
 * @param ref the link that returns the exact original: {@code /context/{id}/ref?path=...&version=N}
 * @param path the JSON pointer (RFC 6901) of the part
 * @param version the version the part is taken from
 * @param tokens the tokens of the part's JSON, by the window's counter
 * @param summary a short description: a string's first line, a container's size
 */
public record WindowReference(String ref, String path, long version, long tokens, String summary) {
  public WindowReference {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(summary, "summary");
  }
}
