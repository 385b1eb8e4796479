package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.LegacyDiff;
import dev.sharedcontext.core.store.CatchUp;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextSnapshot;
import java.util.List;
import java.util.Locale;

/** The JSON bodies of the HTTP answers, with the protocol's field names. */
final class Responses {
  private Responses() {}

  /** {@code GET /context/{id}}: {@code {projectId, version, timestamp, context, hash}}. */
  static byte[] snapshot(ContextSnapshot s) {
    return snapshotFields(JsonOut.bytes().startObject(), s).endObject().toByteArray();
  }

  /** The members of a snapshot, shared with the WebSocket's {@code context_snapshot}. */
  static JsonOut snapshotFields(JsonOut out, ContextSnapshot s) {
    ContextVersion v = s.version();
    return out
        .field("projectId", v.projectId())
        .field("version", v.version())
        .field("timestamp", Timestamps.format(v.timestamp()))
        .document("context", s.document())
        .field("hash", v.hash());
  }

  /**
   * The length of {@link #snapshot} of a version without serializing its document: the envelope
   * around an empty object, plus the document's size.
   */
  static int snapshotLength(ContextVersion v) {
    return snapshot(new ContextSnapshot(v, ContextDocument.empty())).length - 2 + (int) v.sizeBytes();
  }

  /** {@code GET /context/{id}?since=N} answered with a delta. */
  static byte[] sinceDelta(CatchUp.Delta d, LegacyDiff changes) {
    ContextVersion head = d.head();
    JsonOut out = JsonOut.bytes().startObject()
        .field("projectId", head.projectId())
        .field("fromVersion", d.fromVersion())
        .field("currentVersion", head.version())
        .field("snapshot", false)
        .patch("patch", d.patch());
    if (changes != null) {
      out.tree("changes", changes.toJson());
    } else {
      out.value("changes", null); // the context is not an object, or history moved on meanwhile
    }
    return out.field("hash", head.hash())
        .field("timestamp", Timestamps.format(head.timestamp()))
        .endObject().toByteArray();
  }

  /** {@code GET /context/{id}?since=N} answered with the whole head (history does not reach N). */
  static byte[] sinceSnapshot(CatchUp.Snapshot s) {
    ContextVersion head = s.head();
    return JsonOut.bytes().startObject()
        .field("projectId", head.projectId())
        .field("fromVersion", s.fromVersion())
        .field("currentVersion", head.version())
        .field("snapshot", true)
        .field("reason", s.reason().name().toLowerCase(Locale.ROOT))
        .document("context", s.document())
        .field("hash", head.hash())
        .field("timestamp", Timestamps.format(head.timestamp()))
        .endObject().toByteArray();
  }

  /** {@code PUT}: {@code {projectId, version, hash, isNew, size, tokens}}. */
  static byte[] put(CommitResult r) {
    ContextVersion v = r.version();
    return JsonOut.bytes().startObject()
        .field("projectId", v.projectId())
        .field("version", v.version())
        .field("hash", v.hash())
        .field("isNew", r.created())
        .field("size", v.sizeBytes())
        .field("tokens", v.tokens())
        .field("changed", r.changed())
        .endObject().toByteArray();
  }

  /** {@code POST diff} and rollback: {@code {projectId, version, hash, tokensSaved, subscribers}}. */
  static byte[] commit(CommitResult r, long tokensSaved, int subscribers, long rolledBackTo) {
    ContextVersion v = r.version();
    JsonOut out = JsonOut.bytes().startObject()
        .field("projectId", v.projectId())
        .field("version", v.version())
        .field("hash", v.hash())
        .field("tokensSaved", tokensSaved)
        .field("subscribers", subscribers)
        .field("isNew", r.created())
        .field("changed", r.changed())
        .field("rebased", r.rebased())
        .field("size", v.sizeBytes())
        .field("tokens", v.tokens());
    if (rolledBackTo > 0) {
      out.field("rolledBackTo", rolledBackTo);
    }
    return out.endObject().toByteArray();
  }

  /** {@code DELETE}: {@code {projectId, deleted: true}}. */
  static byte[] deleted(String projectId) {
    return JsonOut.bytes().startObject().field("projectId", projectId).field("deleted", true).endObject().toByteArray();
  }

  /** {@code GET versions}: {@code [{version, timestamp, agentId, hash, size, tokens}]}, newest first. */
  static byte[] versions(List<ContextVersion> versions) {
    JsonOut out = JsonOut.bytes().startArray();
    for (ContextVersion v : versions) {
      out.startObject()
          .field("version", v.version())
          .field("timestamp", Timestamps.format(v.timestamp()))
          .field("agentId", v.agentId())
          .field("hash", v.hash())
          .field("size", v.sizeBytes())
          .field("tokens", v.tokens())
          .endObject();
    }
    return out.endArray().toByteArray();
  }
}
