package dev.sharedcontext.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The RFC 8785 writer of {@code dev.sharedcontext.core}, for SharedContext's own modules (token
 * counting cuts the canonical text into segments and must print each scalar exactly as the
 * canonical form does). Not API. The writer stays in the core package; this class only
 * delegates to it, so there is one number formatter and one string escaper.
 *
 * <p>Thread-safe.
 */
public final class Canonical {

  /** Implemented by the core package's canonical writer in its static initializer. */
  @FunctionalInterface
  public interface Writer {
    /** Appends the canonical text of {@code node} to {@code out}. */
    void write(JsonNode node, StringBuilder out);
  }

  private static final String WRITER_CLASS = "dev.sharedcontext.core.CanonicalJson";

  private static volatile Writer writer;

  private Canonical() {}

  public static void setWriter(Writer value) {
    writer = Objects.requireNonNull(value, "value");
  }

  /** Appends the canonical text of {@code node} (any JSON value) to {@code out}. */
  public static void write(JsonNode node, StringBuilder out) {
    writer().write(node, out);
  }

  /** The canonical text of {@code node}, e.g. {@code 1e+21} for the double 1e21. */
  public static String text(JsonNode node) {
    StringBuilder out = new StringBuilder(16);
    write(node, out);
    return out.toString();
  }

  /**
   * The members of {@code object} in the canonical form's order: by name, in UTF-16 code units
   * (RFC 8785 §3.2.3), which is what {@code String.compareTo} compares. The object's own entries,
   * sorted, so that no member is looked up by its name again: with the names sorted and each
   * member then found by name, the lookups were a fifth of a commit's time on a context of many
   * small objects.
   */
  public static List<Map.Entry<String, JsonNode>> members(JsonNode object) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.size());
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      members.add(member);
    }
    members.sort(Map.Entry.comparingByKey());
    return members;
  }

  /** {@code value} as a canonical JSON string: quoted, with RFC 8785's minimal escapes. */
  public static String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    write(TextNode.valueOf(value), out);
    return out.toString();
  }

  private static Writer writer() {
    Writer w = writer;
    if (w == null) {
      try {
        // The writer is package-private; initializing its class runs the static block that
        // registers it here.
        Class.forName(WRITER_CLASS, true, Canonical.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("canonical writer missing: " + WRITER_CLASS, e);
      }
      w = writer;
      if (w == null) {
        throw new IllegalStateException(WRITER_CLASS + " did not register itself");
      }
    }
    return w;
  }
}
