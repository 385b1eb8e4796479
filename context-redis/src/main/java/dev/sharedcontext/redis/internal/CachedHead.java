package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;

/**
 * This instance's copy of a project's head. Only ever a guess: the commit script compares its
 * version and incarnation with Redis's, and reads send the document only when they differ.
 *
 * @param incarnation a random id given to a project when it is created, so that a project
 *     deleted and created again (versions starting over at 1) is never mistaken for the old one
 */
record CachedHead(String incarnation, ContextVersion meta, ContextDocument document) {

  long version() {
    return meta.version();
  }

  /** True if {@code next} should replace {@code current}: another incarnation, or a later version. */
  static boolean supersedes(CachedHead next, CachedHead current) {
    return current == null || !current.incarnation.equals(next.incarnation) || next.version() > current.version();
  }
}
