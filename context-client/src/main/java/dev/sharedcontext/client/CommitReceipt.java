package dev.sharedcontext.client;

import java.util.Objects;

/**
 * What the server answered to a commit ({@code setContext}, {@code update}, {@code rollback}).
 *
 * @param projectId the project
 * @param version the head after the commit: the new version, or the unchanged head when the
 *     change changed nothing
 * @param hash the head's hash after the commit
 * @param tokensSaved tokens the server saved by moving a delta instead of the whole context; 0
 *     when the server does not report it for this kind of commit
 * @param created true if the commit created the project
 * @param changed true if the commit made a new version; false when the change changed nothing
 *     and {@code version} is the head it found (so a caller counting its commits need not compare
 *     versions, which other agents' commits move)
 */
public record CommitReceipt(String projectId, long version, String hash, long tokensSaved, boolean created,
    boolean changed) {

  public CommitReceipt {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(hash, "hash");
  }
}
