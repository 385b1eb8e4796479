package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.util.List;

/**
 * How to rebuild an older version outside the project's lock: a document to start from (the
 * head, or the nearest checkpoint at or after the version) and the inverse patches that take it
 * there, newest first.
 */
record Rebuild(ContextDocument start, List<Patch> inversesNewestFirst) {

  ContextDocument document() {
    ContextDocument doc = start;
    for (Patch inverse : inversesNewestFirst) {
      doc = inverse.apply(doc);
    }
    return doc;
  }
}
