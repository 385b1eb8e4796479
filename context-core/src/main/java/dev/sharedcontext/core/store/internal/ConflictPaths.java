package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.PatchOperation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths a patch affects, for deciding whether two patches commute.
 *
 * <p>An operation that inserts into or removes from an array shifts every later element, so for
 * {@code add}, {@code remove}, {@code move} and {@code copy} whose last token could be an array
 * index ({@code -} or digits) the whole parent counts as affected. This is decided from the
 * pointer alone, without the document, so it is conservative: an object member named {@code "3"}
 * is treated like an array slot, which can only cause a needless conflict, never a lost update.
 */
public final class ConflictPaths {
  private ConflictPaths() {}

  public static Set<JsonPointer> of(Patch patch) {
    Set<JsonPointer> paths = new LinkedHashSet<>();
    for (PatchOperation op : patch.operations()) {
      if (op instanceof PatchOperation.Move m) {
        paths.add(structural(m.from()));
        paths.add(structural(m.path()));
      } else if (op instanceof PatchOperation.Copy c) {
        paths.add(c.from());
        paths.add(structural(c.path()));
      } else if (op instanceof PatchOperation.Add || op instanceof PatchOperation.Remove) {
        paths.add(structural(op.path()));
      } else {
        paths.add(op.path());
      }
    }
    return paths;
  }

  private static JsonPointer structural(JsonPointer p) {
    if (p.isRoot()) {
      return p;
    }
    String last = p.last();
    return "-".equals(last) || isDigits(last) ? p.parent() : p;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The paths of {@code changed} that overlap a path of {@code requested}, sorted, as strings. */
  public static List<String> overlapping(Collection<JsonPointer> changed, Collection<JsonPointer> requested) {
    Set<String> out = new TreeSet<>();
    for (JsonPointer c : changed) {
      for (JsonPointer r : requested) {
        if (c.overlaps(r)) {
          out.add(c.toString());
          break;
        }
      }
    }
    return new ArrayList<>(out);
  }
}
