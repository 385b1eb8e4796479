package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.CommonAffixes;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How many leading bytes two trees' canonical forms share, found from the trees: a document made
 * from another by a patch shares every subtree the patch did not touch with it (the very same
 * objects), whose bytes need only be counted, not written or compared. A lower bound: the count
 * stops at the first name, scalar or subtree that differs, and goes into a differing string only
 * as far as its chars agree.
 *
 * <p>What it counts, it keeps for the digest that goes on from a mark in the prefix (see {@link
 * CanonicalBytes}): each object or array it found the same in both trees, with its size, so that
 * the digest passes over one lying before the mark without writing it; and the encodings of the
 * long strings in them, which the new document keeps as its own.
 */
final class CanonicalPrefix {
  /** The encodings of the {@code before} tree's long strings: their lengths, without a pass over their chars. */
  private final CanonicalEncodings known;
  private long length;
  private final IdentityHashMap<JsonNode, Long> sized = new IdentityHashMap<>();
  private final IdentityHashMap<String, byte[]> encodings = new IdentityHashMap<>();

  private CanonicalPrefix(CanonicalEncodings known) {
    this.known = known;
  }

  /**
   * A common prefix of two canonical forms, and what lies wholly in it.
   *
   * @param length the prefix's length in bytes
   * @param sized objects and arrays of {@code after} that are the same in both trees and lie in
   *     the prefix, each with the length of its form (none inside another; none whose form
   *     {@code known} kept, see {@link CanonicalEncodings#form})
   * @param encodings the encodings of the long strings in {@code sized}, as {@code known} had them
   */
  record Found(long length, IdentityHashMap<JsonNode, Long> sized, IdentityHashMap<String, byte[]> encodings) {}

  /** A common prefix of {@code before}'s and {@code after}'s canonical forms. */
  static Found find(JsonNode before, JsonNode after, CanonicalEncodings known) {
    CanonicalPrefix p = new CanonicalPrefix(known);
    p.common(before, after);
    return new Found(p.length, p.sized, p.encodings);
  }

  /** Counts the bytes {@code after}'s form shares with {@code before}'s from their start; true if it is all of both. */
  private boolean common(JsonNode before, JsonNode after) {
    if (before == after) {
      length += sizeKept(after);
      return true;
    }
    if (before.getNodeType() != after.getNodeType()) {
      return false;
    }
    switch (after.getNodeType()) {
      case OBJECT -> {
        return commonObject(before, after);
      }
      case ARRAY -> {
        length++; // [
        for (int i = 0; i < after.size(); i++) {
          if (i == before.size()) {
            return false;
          }
          length += i > 0 ? 1 : 0;
          if (!common(before.get(i), after.get(i))) {
            return false;
          }
        }
        if (before.size() != after.size()) {
          return false;
        }
        length++; // ]
        return true;
      }
      case STRING -> {
        String was = before.textValue();
        String is = after.textValue();
        if (was.equals(is)) {
          length += stringSize(is);
          return true;
        }
        int chars = CommonAffixes.prefix(was, is);
        if (chars > 0 && Character.isHighSurrogate(is.charAt(chars - 1))) {
          chars--; // a pair is encoded whole: its first half alone is not a prefix of its bytes
        }
        length += 1 + CanonicalBytes.encodedLength(is, 0, chars);
        return false;
      }
      default -> {
        if (before.equals(after)) {
          length += size(after);
          return true;
        }
        return false;
      }
    }
  }

  /**
   * An object's part of {@link #common}: the members are written in name order, so the forms
   * agree up to the least name whose member differs (changed, added or removed), found without
   * sorting the names (the commit path did so twice more otherwise).
   */
  private boolean commonObject(JsonNode before, JsonNode after) {
    String first = null; // the least name whose member differs
    boolean added = false;
    for (Map.Entry<String, JsonNode> member : after.properties()) {
      JsonNode was = before.get(member.getKey());
      if (was != member.getValue() && (first == null || member.getKey().compareTo(first) < 0)) {
        first = member.getKey();
      }
      added |= was == null;
    }
    // A name of before's is missing from after only if they differ in size or after has one
    // before has not: otherwise the names are the same, and the look for a removed one is spared.
    if (before.size() != after.size() || added) {
      for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!after.has(name) && (first == null || name.compareTo(first) < 0)) {
          first = name;
        }
      }
    }
    length++; // {
    int same = 0;
    for (Map.Entry<String, JsonNode> member : after.properties()) {
      if (first == null || member.getKey().compareTo(first) < 0) {
        length += stringSize(member.getKey()) + 1 + sizeKept(member.getValue()); // "name":value
        same++;
      }
    }
    length += Math.max(0, same - 1); // the commas between them
    if (first == null) {
      length++; // }
      return true;
    }
    JsonNode was = before.get(first);
    JsonNode is = after.get(first);
    if (was == null || is == null) {
      return false; // a member added or removed there: its name (or the end) comes next
    }
    length += (same > 0 ? 1 : 0) + stringSize(first) + 1; // , "first" :
    common(was, is);
    return false;
  }

  /**
   * {@link #size}, kept in {@link #sized} for an object or an array that is the same in both trees
   * (unless {@code known} has its form).
   */
  private long sizeKept(JsonNode node) {
    long size = size(node);
    if (node.isContainerNode() && known.form(node) == null) {
      sized.put(node, size); // one with a kept form is passed over by that form's length
    }
    return size;
  }

  /**
   * The length of {@code node}'s canonical form: that of the form the {@code before} tree's digest
   * kept for it, if any (this is only asked of what both trees share; and a kept form holds no
   * long string, whose encoding the walk would collect), else from its members.
   */
  private long size(JsonNode node) {
    if (node.isContainerNode()) {
      byte[] form = known.form(node);
      if (form != null) {
        return form.length;
      }
    }
    switch (node.getNodeType()) {
      case OBJECT -> {
        long size = 2 + Math.max(0, node.size() - 1);
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          size += stringSize(member.getKey()) + 1 + size(member.getValue());
        }
        return size;
      }
      case ARRAY -> {
        long size = 2 + Math.max(0, node.size() - 1);
        for (JsonNode element : node) {
          size += size(element);
        }
        return size;
      }
      case STRING -> {
        return stringSize(node.textValue());
      }
      case NUMBER -> {
        return CanonicalBytes.numberText(node).length();
      }
      case BOOLEAN -> {
        return node.booleanValue() ? 4 : 5;
      }
      case NULL -> {
        return 4;
      }
      default -> throw new IllegalStateException("not a JSON node: " + node.getNodeType());
    }
  }

  private long stringSize(String s) {
    if (s.length() >= CanonicalBytes.CACHED_MIN_CHARS) {
      byte[] encoded = known.get(s);
      if (encoded != null) {
        encodings.put(s, encoded);
        return encoded.length;
      }
    }
    return 2 + CanonicalBytes.encodedLength(s, 0, s.length());
  }
}
