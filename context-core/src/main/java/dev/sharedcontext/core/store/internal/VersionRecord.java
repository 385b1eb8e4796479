package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import java.util.Set;

/**
 * What the memory store keeps of one version.
 *
 * @param meta the version's record
 * @param forward the patch taking the previous version's document to this one (for replaying
 *     the history version by version); null for the oldest retained version
 * @param inverse the patch taking this version's document back to the previous one; null for
 *     the oldest retained version (nothing older is readable, so neither is kept)
 * @param changedPaths the paths the change into this version affected (see {@link ConflictPaths})
 * @param patchBytes the estimated size of {@code forward} and {@code inverse} together
 */
record VersionRecord(ContextVersion meta, Patch forward, Patch inverse, Set<JsonPointer> changedPaths,
    long patchBytes) {

  long version() {
    return meta.version();
  }

  /** This record as the oldest retained one: its patches lead to or from nothing readable. */
  VersionRecord asOldest() {
    return new VersionRecord(meta, null, null, changedPaths, 0);
  }
}
