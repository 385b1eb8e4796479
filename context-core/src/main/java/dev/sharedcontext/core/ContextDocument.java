package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sharedcontext.core.internal.InternalAccess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable JSON value: the content of one version of a project's context.
 *
 * <p>The tree is held privately and never handed out mutable ({@link #toJsonNode()} returns a
 * copy). The SHA-256 of its canonical form (RFC 8785, the JSON Canonicalization Scheme) and that
 * form's size are computed once, on first use, and kept; so are the canonical bytes, which are
 * only built when asked for (a commit needs the hash and the size of every new version, but the
 * bytes only of versions somebody reads). Two documents are {@link #equals equal} when their
 * canonical forms are.
 *
 * <p>Numbers must be representable exactly in the canonical form: integers within
 * ±(2<sup>53</sup>−1) and finite doubles (RFC 7493, I-JSON). Member names must be unique.
 * Anything else is an {@link InvalidInputException} at construction.
 *
 * <p>Thread-safe.
 */
public final class ContextDocument {

  static {
    InternalAccess.setDocumentAccess(new InternalAccess.DocumentAccess() {
      @Override
      public JsonNode tree(ContextDocument document) {
        return document.tree;
      }

      @Override
      public ContextDocument wrap(JsonNode trustedTree) {
        return new ContextDocument(trustedTree);
      }

      @Override
      public ContextDocument derive(JsonNode trustedTree, ContextDocument from) {
        return new ContextDocument(trustedTree, from);
      }

      @Override
      public ContextDocument deriveValidated(JsonNode tree, ContextDocument from) {
        Json.validate(tree);
        return new ContextDocument(tree, from);
      }

      @Override
      public Object kept(ContextDocument document, Object owner) {
        Kept k = document.kept;
        return k != null && k.owner() == owner ? k.value() : null;
      }

      @Override
      public void keep(ContextDocument document, Object owner, Object value) {
        document.kept = new Kept(owner, value);
      }
    });
  }

  private static final ContextDocument EMPTY = new ContextDocument(JsonNodeFactory.instance.objectNode());

  /** Never mutated after construction; subtrees may be shared with other documents. */
  private final JsonNode tree;
  private volatile Digest digest;
  private volatile byte[] canonical;
  /**
   * The encodings of long strings that writing or digesting this document looks up: this
   * document's own once its canonical form was written or digested ({@link #ownEncodings}), until
   * then those of the document it was made from (a patch applied to it), whose strings it mostly
   * shares. Never a chain: a document keeps its source's encodings, not its source.
   */
  private volatile CanonicalEncodings encodings;
  private volatile boolean ownEncodings;

  /** What SharedContext's own code kept with this document (see {@link InternalAccess#keep}); null if nothing. */
  private volatile Kept kept;

  private record Digest(String hash, int size) {}

  private record Kept(Object owner, Object value) {}

  private ContextDocument(JsonNode tree) {
    this(tree, CanonicalEncodings.NONE);
  }

  private ContextDocument(JsonNode tree, ContextDocument from) {
    this(tree, from.encodings);
  }

  /**
   * A document around {@code tree}, made from {@code from} by a patch whose text edits made the
   * strings of {@code textEdits} (each to the string it was made from): its canonical bytes take
   * {@code from}'s encodings of the strings they share, and encode an edited string from its
   * previous version's bytes, anew only around the change.
   */
  static ContextDocument derive(JsonNode tree, ContextDocument from, Map<String, String> textEdits) {
    return new ContextDocument(tree, from.encodings.withEdits(textEdits));
  }

  private ContextDocument(JsonNode tree, CanonicalEncodings known) {
    this.tree = tree;
    this.encodings = known;
  }

  /** The empty object {@code {}}. */
  public static ContextDocument empty() {
    return EMPTY;
  }

  /** Parses JSON text with {@link JsonLimits#DEFAULTS}. */
  public static ContextDocument parse(String json) {
    return parse(json, JsonLimits.DEFAULTS);
  }

  /**
   * Parses JSON text.
   *
   * @throws InvalidInputException if it is not one valid JSON value, has duplicate member
   *     names or numbers outside the representable range
   * @throws LimitExceededException if it breaks {@code limits}
   */
  public static ContextDocument parse(String json, JsonLimits limits) {
    Objects.requireNonNull(json, "json");
    return new ContextDocument(Json.parse(json, limits));
  }

  /** Parses UTF-8 JSON bytes; see {@link #parse(String, JsonLimits)}. */
  public static ContextDocument parse(byte[] utf8, JsonLimits limits) {
    Objects.requireNonNull(utf8, "utf8");
    return new ContextDocument(Json.parse(utf8, limits));
  }

  /**
   * A document holding a copy of {@code node}: later changes to {@code node} do not affect it.
   *
   * @throws InvalidInputException if a number in it is outside the representable range
   */
  public static ContextDocument of(JsonNode node) {
    Objects.requireNonNull(node, "node");
    JsonNode copy = node.deepCopy();
    Json.validate(copy);
    return new ContextDocument(copy);
  }

  /** A fresh, mutable copy of the tree. */
  public JsonNode toJsonNode() {
    return tree.deepCopy();
  }

  /** A copy of the value at {@code pointer}, or empty if there is none. */
  public Optional<JsonNode> get(JsonPointer pointer) {
    JsonNode node = Json.resolve(tree, pointer);
    return node == null ? Optional.empty() : Optional.of(node.deepCopy());
  }

  /** A copy of the value at {@code pointer} (RFC 6901 string form), or empty if there is none. */
  public Optional<JsonNode> get(String pointer) {
    return get(JsonPointer.parse(pointer));
  }

  /** The canonical JSON text (RFC 8785). */
  public String canonicalJson() {
    return new String(canonical(), StandardCharsets.UTF_8);
  }

  /** A copy of the canonical JSON as UTF-8 bytes. */
  public byte[] canonicalBytes() {
    byte[] bytes = canonical();
    return Arrays.copyOf(bytes, bytes.length);
  }

  /** Writes the canonical JSON as UTF-8 to {@code out} without copying it first. */
  public void writeCanonical(OutputStream out) {
    try {
      out.write(canonical());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes of the canonical JSON. */
  public int sizeBytes() {
    return digest().size;
  }

  /** Lowercase hex SHA-256 of the canonical JSON. */
  public String hash() {
    return digest().hash;
  }

  // Benign races in both: every thread computes the same value.

  private byte[] canonical() {
    byte[] bytes = canonical;
    if (bytes == null) {
      CanonicalBytes.Written written = CanonicalBytes.write(tree, encodings);
      bytes = written.bytes();
      if (!ownEncodings) {
        keep(written.encodings()); // a digest's own are the same strings' and carry its marks: kept
      }
      canonical = bytes;
    }
    return bytes;
  }

  /** This document's encoding of {@code s}, null if it has none (yet); for tests. */
  byte[] encodingOf(String s) {
    return ownEncodings ? encodings.get(s) : null;
  }

  /** Whether this document still holds its source's encodings; for tests. */
  boolean holdsInherited() {
    return !ownEncodings && encodings != CanonicalEncodings.NONE;
  }

  private void keep(CanonicalEncodings own) {
    encodings = own; // the source's encodings may go now
    ownEncodings = true;
  }

  private Digest digest() {
    Digest d = digest;
    if (d == null) {
      byte[] bytes = canonical;
      if (bytes != null) {
        CanonicalBytes.Digest hashed = CanonicalBytes.digest(bytes, tree, encodings); // own: canonical() kept them
        keep(hashed.encodings());
        d = new Digest(CanonicalJson.hex(hashed.sha256()), bytes.length);
      } else {
        CanonicalBytes.Digest streamed = CanonicalBytes.digest(tree, encodings);
        keep(streamed.encodings());
        if (streamed.size() > Integer.MAX_VALUE) {
          throw LimitExceededException.tooLarge("canonical size", Integer.MAX_VALUE, "a document of "
              + streamed.size() + " canonical bytes");
        }
        d = new Digest(CanonicalJson.hex(streamed.sha256()), (int) streamed.size());
      }
      digest = d;
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ContextDocument other)) {
      return false;
    }
    if (tree == other.tree) {
      return true; // trees are never changed once in a document: e.g. the result of an empty patch
    }
    return hash().equals(other.hash()) && Arrays.equals(canonical(), other.canonical());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  /** The canonical JSON, cut at 200 characters. */
  @Override
  public String toString() {
    String json = canonicalJson();
    return json.length() <= 200 ? json : json.substring(0, 197) + "...";
  }
}
