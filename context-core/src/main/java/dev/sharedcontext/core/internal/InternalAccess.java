package dev.sharedcontext.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;

/**
 * Zero-copy access to a document's tree for SharedContext's own modules (token counting, the
 * store, the server's encoders). Not API: the tree it returns must never be mutated, and a
 * tree handed to {@link #wrap} must never be mutated afterwards.
 */
public final class InternalAccess {

  /** Implemented by {@link ContextDocument} in its static initializer. */
  public interface DocumentAccess {
    JsonNode tree(ContextDocument document);

    ContextDocument wrap(JsonNode trustedTree);

    ContextDocument derive(JsonNode trustedTree, ContextDocument from);

    ContextDocument deriveValidated(JsonNode tree, ContextDocument from);

    Object kept(ContextDocument document, Object owner);

    void keep(ContextDocument document, Object owner, Object value);
  }

  private static volatile DocumentAccess documentAccess;

  private InternalAccess() {}

  public static void setDocumentAccess(DocumentAccess access) {
    documentAccess = access;
  }

  /** The document's own tree: read it, never change it. */
  public static JsonNode tree(ContextDocument document) {
    return access().tree(document);
  }

  /** A document around {@code trustedTree} without copying or validating it. */
  public static ContextDocument wrap(JsonNode trustedTree) {
    return access().wrap(trustedTree);
  }

  /**
   * {@link #wrap}, for a tree made from {@code from}'s (sharing most of its subtrees): the new
   * document writes its canonical form from {@code from}'s encodings of the strings they share.
   */
  public static ContextDocument derive(JsonNode trustedTree, ContextDocument from) {
    return access().derive(trustedTree, from);
  }

  /**
   * {@link #derive}, for a tree that is {@code from}'s in part and made in code in part: it is
   * validated as {@code ContextDocument.of} would, but not copied (it must never be changed
   * afterwards).
   *
   * @throws dev.sharedcontext.core.InvalidInputException if it holds what a document may not
   */
  public static ContextDocument deriveValidated(JsonNode tree, ContextDocument from) {
    return access().deriveValidated(tree, from);
  }

  /**
   * What {@code owner} kept with the document ({@link #keep}), or null if it kept nothing or
   * another owner kept something since.
   */
  public static Object kept(ContextDocument document, Object owner) {
    return access().kept(document, owner);
  }

  /**
   * Keeps {@code value} with the document for {@code owner}, for as long as the document lives:
   * a figure worked out from the document alone, which the document, immutable, keeps true. One
   * value per document, the last owner's (a token counter keeps the document's total here: a
   * store counts each version with one counter).
   */
  public static void keep(ContextDocument document, Object owner, Object value) {
    access().keep(document, owner, value);
  }

  private static DocumentAccess access() {
    DocumentAccess a = documentAccess;
    if (a == null) {
      ContextDocument.empty(); // runs ContextDocument's static initializer, which sets it
      a = documentAccess;
    }
    return a;
  }
}
