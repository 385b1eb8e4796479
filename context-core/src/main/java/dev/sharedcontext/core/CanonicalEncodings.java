package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What writing or digesting a document's canonical form leaves for the next document made from
 * it (see {@link CanonicalBytes}): the encodings (quoted, escaped UTF-8) of its strings of at
 * least {@value CanonicalBytes#CACHED_MIN_CHARS} chars, by identity, and the SHA-256 states its
 * digest left along the form, with the tree they were taken along. Never changed once made.
 */
final class CanonicalEncodings {
  static final CanonicalEncodings NONE = new CanonicalEncodings(new IdentityHashMap<>(0), null, List.of(), Map.of());

  /** The SHA-256 state after the first {@code offset} bytes of a canonical form; never updated, only copied. */
  record Mark(long offset, MessageDigest state) {}

  /**
   * Where a digest goes on from: a mark, and what the common prefix it lies in holds (see
   * {@link CanonicalPrefix.Found}).
   */
  record Resume(Mark mark, CanonicalPrefix.Found prefix) {}

  private final IdentityHashMap<String, byte[]> byString;
  /** Strings made by text edits, each to the string it was made from (see {@link #withEdits}). */
  private final Map<String, String> previous;
  /** The tree whose digest left {@link #marks}; null if none did. */
  private final JsonNode tree;
  /** The SHA-256 states along {@link #tree}'s form, by offset, every {@value CanonicalBytes#MARK_BYTES} bytes. */
  private final List<Mark> marks;
  /**
   * Small objects and arrays of {@link #tree} with their forms, as its digest wrote them (see
   * {@link CanonicalBytes#FORM_MAX_BYTES}): the next document's digest copies the form of such a
   * subtree the two share rather than write it, and its common-prefix walk takes its length.
   */
  private final Map<JsonNode, byte[]> forms;

  /**
   * A document's own encodings, the marks its digest left along {@code tree} (none: null and
   * empty), and the forms of small subtrees it kept.
   */
  CanonicalEncodings(IdentityHashMap<String, byte[]> byString, JsonNode tree, List<Mark> marks,
      Map<JsonNode, byte[]> forms) {
    this(byString, Map.of(), tree, List.copyOf(marks), forms);
  }

  private CanonicalEncodings(IdentityHashMap<String, byte[]> byString, Map<String, String> previous, JsonNode tree,
      List<Mark> marks, Map<JsonNode, byte[]> forms) {
    this.byString = byString;
    this.previous = previous;
    this.tree = tree;
    this.marks = marks;
    this.forms = forms;
  }

  /** These encodings with the marks a digest of their form, from its bytes, left along {@code tree} (no subtree's form). */
  CanonicalEncodings withMarks(JsonNode tree, List<Mark> marks) {
    return new CanonicalEncodings(byString, previous, tree, List.copyOf(marks), Map.of());
  }

  /**
   * The canonical form of {@code container}, an object or array of the tree the marks were taken
   * along, if its digest kept it; null otherwise. Never to be changed.
   */
  byte[] form(JsonNode container) {
    return forms.get(container);
  }

  /** How many subtrees' forms are kept. */
  int forms() {
    return forms.size();
  }

  /**
   * These encodings, for a document whose text edits made the strings of {@code textEdits}
   * (each to the string it was made from): an edited string is encoded from the encoding of
   * its previous version, where this has it.
   */
  CanonicalEncodings withEdits(Map<String, String> textEdits) {
    return textEdits.isEmpty() ? this : new CanonicalEncodings(byString, textEdits, tree, marks, forms);
  }

  /**
   * The last mark before which {@code after}'s canonical bytes are those of the tree the marks
   * were taken along, so that its digest can go on from there; null if there is none.
   */
  Resume resumePoint(JsonNode after) {
    if (marks.isEmpty()) {
      return null;
    }
    CanonicalPrefix.Found prefix = CanonicalPrefix.find(tree, after, this);
    Mark found = null;
    for (Mark m : marks) {
      if (m.offset() > prefix.length()) {
        break;
      }
      found = m;
    }
    return found == null ? null : new Resume(found, prefix);
  }

  /** The marks at or before {@code offset}. */
  List<Mark> marksUpTo(long offset) {
    List<Mark> upTo = new ArrayList<>();
    for (Mark m : marks) {
      if (m.offset() <= offset) {
        upTo.add(m);
      }
    }
    return upTo;
  }

  int size() {
    return byString.size();
  }

  byte[] get(String s) {
    return byString.get(s);
  }

  /**
   * The nearest earlier version of {@code s} that has an encoding here, and that encoding; null
   * if {@code s} was not made by a text edit or none of its earlier versions has one. (Several
   * edits of one string in one patch make a chain.)
   */
  Map.Entry<String, byte[]> earlierVersion(String s) {
    if (previous.isEmpty()) {
      return null;
    }
    // A chain is as long as the patch's edits of one string at most; the bound only guards
    // against a text edit that returned its input (an entry pointing at itself).
    String p = previous.get(s);
    for (int steps = 0; p != null && steps <= previous.size(); steps++, p = previous.get(p)) {
      byte[] encoded = byString.get(p);
      if (encoded != null) {
        return Map.entry(p, encoded);
      }
    }
    return null;
  }
}
