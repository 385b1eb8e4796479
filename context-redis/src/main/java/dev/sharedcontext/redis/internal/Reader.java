package dev.sharedcontext.redis.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;

/** Reads projects through the read scripts, each one atomic: a head never mismatches its history. */
final class Reader {
  private final RedisAccess redis;
  private final Keys keys;
  private final long ttlMillis;

  Reader(RedisAccess redis, Keys keys, long ttlMillis) {
    this.redis = redis;
    this.keys = keys;
    this.ttlMillis = ttlMillis;
  }

  /**
   * The project with its document and the retained versions from {@code firstWanted} on (none if
   * 0 or no longer retained); null if there is no project. A read renews the idle expiry.
   *
   * @param cached what this instance holds, so an unchanged document is not sent again; may be null
   */
  View read(String projectId, long firstWanted, CachedHead cached) {
    return range(projectId, firstWanted, 0, 0, cached, true, ttlMillis);
  }

  /**
   * Like {@link #read}, to rebuild {@code version}: when a checkpoint at or after it (and at least
   * two versions before the head) is kept, the view holds it and the entries stop at it, or at
   * {@code lastWanted} if that is later, so the reply and the rebuilding grow with the distance to
   * that checkpoint, not to the head.
   *
   * @param version the version to rebuild, or 0 for none: then this is {@link #read}
   * @param lastWanted the last version whose entry is wanted besides, or 0
   */
  View readToRebuild(String projectId, long firstWanted, long version, long lastWanted, CachedHead cached) {
    return range(projectId, firstWanted, version, lastWanted, cached, true, ttlMillis);
  }

  /** Like {@link #read}, for the feed: the document only if {@code withDocument}, and the expiry not renewed. */
  View follow(String projectId, long firstWanted, boolean withDocument) {
    return range(projectId, firstWanted, 0, 0, null, withDocument, 0);
  }

  private View range(String projectId, long firstWanted, long rebuild, long lastWanted, CachedHead cached,
      boolean withDocument, long ttl) {
    String cachedVersion = !withDocument ? "*" : cached == null ? "" : Long.toString(cached.version());
    String cachedInc = cached == null ? "" : cached.incarnation();
    List<Object> reply = redis.eval(Script.RANGE, ScriptOutputType.MULTI,
        new String[] {keys.head(projectId), keys.log(projectId), keys.checkpoints(projectId)},
        Long.toString(Math.max(0, firstWanted)), cachedVersion, cachedInc, Long.toString(ttl),
        Long.toString(Math.max(0, rebuild)), Long.toString(Math.max(0, lastWanted)));
    View view = view(projectId, reply, 0, withDocument ? cached : null);
    if (view == null || ((List<?>) reply.get(3)).isEmpty()) {
      return view;
    }
    List<?> c = (List<?>) reply.get(3);
    View.Checkpoint checkpoint =
        new View.Checkpoint(Long.parseLong((String) c.get(0)), Records.document((String) c.get(1)));
    return new View(view.head(), view.document(), view.entries(), checkpoint, true);
  }

  /**
   * The view in a script's reply from {@code offset} on: {@code [head fields, document, entries]},
   * or nothing when there is no project (null); without a checkpoint.
   *
   * @param cached the head the script was told of; its document stands in when none was sent
   */
  static View view(String projectId, List<Object> reply, int offset, CachedHead cached) {
    if (reply.size() <= offset) {
      return null;
    }
    Records.Head head = Records.head(projectId, (List<?>) reply.get(offset));
    ContextDocument document = null;
    if (reply.get(offset + 1) != null) {
      document = Records.document((String) reply.get(offset + 1));
    } else if (cached != null) {
      document = cached.document(); // the script sends none only when the cache is the head
    }
    List<?> raw = (List<?>) reply.get(offset + 2);
    List<Records.Entry> entries = new ArrayList<>(raw.size());
    for (Object item : raw) {
      entries.add(Records.entry(projectId, item));
    }
    return new View(head, document, entries, null, true);
  }

  /** Up to {@code limit} versions below {@code beforeVersion}, newest first; empty if no project. */
  List<ContextVersion> history(String projectId, int limit, long beforeVersion) {
    if (limit == 0 || beforeVersion <= 1) {
      return List.of();
    }
    String end = beforeVersion == Long.MAX_VALUE ? "+" : (beforeVersion - 1) + "-0";
    List<Object> reply = redis.eval(Script.HISTORY, ScriptOutputType.MULTI,
        new String[] {keys.head(projectId), keys.log(projectId)}, end, Integer.toString(limit));
    List<ContextVersion> out = new ArrayList<>(reply.size());
    for (Object item : reply) {
      out.add(Records.entry(projectId, item).meta());
    }
    return out;
  }
}
