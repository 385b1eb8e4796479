package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import java.util.List;

/**
 * A project as read at one moment: its head, the head's document (null when it was not asked
 * for), and the retained versions from some version up to the head, oldest first; or, when it was
 * read to rebuild an older version, up to a checkpoint at or after that version.
 *
 * @param checkpoint the document kept whole at a version before the head, from which older
 *     versions are rebuilt, the entries then ending at its version; null when the entries reach the
 *     head
 * @param fresh true if read from Redis just now, false if taken from this instance's cache
 */
record View(Records.Head head, ContextDocument document, List<Records.Entry> entries, Checkpoint checkpoint,
    boolean fresh) {

  /** A version's document as {@code commit.lua} kept it whole. */
  record Checkpoint(long version, ContextDocument document) {}

  static View cached(CachedHead c) {
    return new View(new Records.Head(c.meta().version(), c.incarnation(), c.meta(), 0, 0), c.document(),
        List.of(), null, false);
  }

  long version() {
    return head.version();
  }

  String incarnation() {
    return head.incarnation();
  }

  ContextVersion meta() {
    return head.meta();
  }

  /**
   * True if the entries hold every version after {@code version} up to the head, or up to the
   * checkpoint when there is one.
   */
  boolean hasEntriesAfter(long version) {
    return version >= rebuiltFrom() || (!entries.isEmpty() && entries.get(0).version() <= version + 1);
  }

  /** The version older ones are rebuilt from: the checkpoint's when there is one, else the head's. */
  private long rebuiltFrom() {
    return checkpoint == null ? head.version() : checkpoint.version();
  }

  /**
   * The document at {@code version} (at least the first entry's version minus one, at most the
   * checkpoint's version when there is one), rebuilt from the head or the checkpoint by the inverse
   * patches of the versions after it.
   */
  ContextDocument rebuild(long version) {
    ContextDocument doc = checkpoint == null ? document : checkpoint.document();
    long from = rebuiltFrom();
    for (int i = entries.size() - 1; i >= 0; i--) {
      Records.Entry e = entries.get(i);
      if (e.version() <= version) {
        break;
      }
      if (e.version() <= from) { // the entries may go on past the checkpoint (a page of changes)
        doc = e.version() == 1 ? ContextDocument.empty() : e.inverse().apply(doc);
      }
    }
    return doc;
  }

  /** The entry of {@code version}, which must be among the entries. */
  Records.Entry entry(long version) {
    return entries.get((int) (version - entries.get(0).version()));
  }

  CachedHead toCache() {
    return new CachedHead(head.incarnation(), head.meta(), document);
  }
}
