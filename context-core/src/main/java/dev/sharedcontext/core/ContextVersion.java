package dev.sharedcontext.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What is recorded of one committed version of a project's context.
 *
 * @param projectId the project
 * @param version 1 for the first commit of a project, +1 for every commit after
 * @param timestamp when the version was committed
 * @param agentId who committed it; may be empty, never null
 * @param hash lowercase hex SHA-256 of the context's canonical JSON (RFC 8785)
 * @param sizeBytes bytes of the canonical JSON
 * @param tokens tokens of the context, as counted by the store's token counter
 */
public record ContextVersion(String projectId, long version, Instant timestamp, String agentId,
    String hash, long sizeBytes, long tokens) {

  public ContextVersion {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(hash, "hash");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1: " + version);
    }
    if (sizeBytes < 0 || tokens < 0) {
      throw new IllegalArgumentException("sizeBytes and tokens must not be negative");
    }
  }
}
