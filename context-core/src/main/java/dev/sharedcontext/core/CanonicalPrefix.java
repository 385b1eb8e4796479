package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.CommonAffixes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * How many leading bytes two trees' canonical forms share, found from the trees: a document made
 * from another by a patch shares every subtree the patch did not touch with it (the very same
 * objects), whose bytes need only be counted, not written or compared. A lower bound: the count
 * stops at the first name, scalar or subtree that differs, and goes into a differing string only
 * as far as its chars agree.
 */
final class CanonicalPrefix {
  /** The encodings of the {@code before} tree's long strings: their lengths, without a pass over their chars. */
  private final CanonicalBytes.Encodings known;
  private long length;

  private CanonicalPrefix(CanonicalBytes.Encodings known) {
    this.known = known;
  }

  /** The length of a common prefix of {@code before}'s and {@code after}'s canonical forms. */
  static long length(JsonNode before, JsonNode after, CanonicalBytes.Encodings known) {
    CanonicalPrefix p = new CanonicalPrefix(known);
    p.common(before, after);
    return p.length;
  }

  /** Counts the bytes {@code after}'s form shares with {@code before}'s from their start; true if it is all of both. */
  private boolean common(JsonNode before, JsonNode after) {
    if (before == after) {
      length += size(after);
      return true;
    }
    if (before.getNodeType() != after.getNodeType()) {
      return false;
    }
    switch (after.getNodeType()) {
      case OBJECT -> {
        List<String> was = sortedNames(before);
        List<String> is = sortedNames(after);
        length++; // {
        for (int i = 0; i < is.size(); i++) {
          if (i == was.size()) {
            return false; // '}' there, ',' here
          }
          String name = is.get(i);
          if (!name.equals(was.get(i))) {
            return false;
          }
          length += (i > 0 ? 1 : 0) + stringSize(name) + 1; // , "name" :
          if (!common(before.get(name), after.get(name))) {
            return false;
          }
        }
        if (was.size() != is.size()) {
          return false;
        }
        length++; // }
        return true;
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

  /** The length of {@code node}'s canonical form. */
  private long size(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        long size = 2 + Math.max(0, node.size() - 1);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          size += stringSize(name) + 1 + size(node.get(name));
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
        return encoded.length;
      }
    }
    return 2 + CanonicalBytes.encodedLength(s, 0, s.length());
  }

  private static List<String> sortedNames(JsonNode object) {
    List<String> names = new ArrayList<>(object.size());
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(null); // the order of the canonical form (RFC 8785 §3.2.3)
    return names;
  }
}
