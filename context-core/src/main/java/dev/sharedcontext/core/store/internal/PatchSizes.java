package dev.sharedcontext.core.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import dev.sharedcontext.core.TextHunk;
import java.util.Iterator;
import java.util.Map;

/**
 * A cheap estimate of the bytes a patch holds, for retention and eviction weights: close to its
 * JSON size, without serializing it.
 */
public final class PatchSizes {
  private static final int PER_OPERATION = 24;

  private PatchSizes() {}

  public static long estimate(Patch patch) {
    long total = 2;
    for (PatchOperation op : patch.operations()) {
      total += PER_OPERATION + pointer(op.path());
      if (op instanceof PatchOperation.Add a) {
        total += value(a.value());
      } else if (op instanceof PatchOperation.Replace r) {
        total += value(r.value());
      } else if (op instanceof PatchOperation.Test t) {
        total += value(t.value());
      } else if (op instanceof PatchOperation.Move m) {
        total += pointer(m.from());
      } else if (op instanceof PatchOperation.Copy c) {
        total += pointer(c.from());
      } else if (op instanceof PatchOperation.TextEdit t) {
        for (TextHunk h : t.hunks()) {
          total += 16 + h.insert().length();
        }
      }
    }
    return total;
  }

  private static long pointer(JsonPointer p) {
    long n = 0;
    for (String t : p.tokens()) {
      n += 1 + t.length();
    }
    return n;
  }

  private static long value(JsonNode node) {
    if (node.isTextual()) {
      return 2 + node.textValue().length();
    }
    if (node.isObject()) {
      long n = 2;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        n += 4 + e.getKey().length() + value(e.getValue());
      }
      return n;
    }
    if (node.isArray()) {
      long n = 2;
      for (JsonNode child : node) {
        n += 1 + value(child);
      }
      return n;
    }
    return 8;
  }
}
