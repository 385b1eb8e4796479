package dev.sharedcontext.core.store.internal;

import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.Patch;
import java.util.Set;

/**
 * What the memory store keeps of one version.
 *
 * @param meta the version's record
 * @param inverse the patch taking this version's document back to the previous one; null for
 *     the oldest retained version (nothing older is readable, so it is not kept)
 * @param changedPaths the paths the change into this version affected (see {@link ConflictPaths})
 * @param inverseBytes the estimated size of {@code inverse}
 */
record VersionRecord(ContextVersion meta, Patch inverse, Set<JsonPointer> changedPaths, long inverseBytes) {

  long version() {
    return meta.version();
  }

  VersionRecord withoutInverse() {
    return new VersionRecord(meta, null, changedPaths, 0);
  }
}
