package dev.sharedcontext.redis.internal;

/**
 * The names of a store's keys. Every key of one project carries the hash tag {@code {projectId}}
 * (project ids never contain braces) so that, in a Cluster, one project lives in one slot and the
 * scripts may touch all its keys at once.
 */
final class Keys {
  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  /** The head hash: document, version, incarnation, metadata, retention bookkeeping. */
  String head(String projectId) {
    return prefix + "{" + projectId + "}:head";
  }

  /** The history stream: one entry per retained version, id {@code <version>-0}. */
  String log(String projectId) {
    return prefix + "{" + projectId + "}:log";
  }

  /**
   * The checkpoint stream: documents of some retained versions kept whole, id {@code <version>-0},
   * from which older versions are rebuilt (see {@code commit.lua}).
   */
  String checkpoints(String projectId) {
    return prefix + "{" + projectId + "}:checkpoints";
  }

  /** Set for a while after a delete: the deleted incarnation. */
  String tombstone(String projectId) {
    return prefix + "{" + projectId + "}:deleted";
  }

  /** A sorted set of project ids (score: creation time), for listing and counting projects. */
  String index() {
    return prefix + "projects";
  }

  /** The pub/sub channel announcing commits and deletes. */
  String channel() {
    return prefix + "feed";
  }
}
