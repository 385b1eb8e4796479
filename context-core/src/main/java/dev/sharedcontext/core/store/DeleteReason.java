package dev.sharedcontext.core.store;

/** Why a project went away. */
public enum DeleteReason {
  /** Deleted on request. */
  DELETED,
  /** Evicted because the store's total size limit was reached (least recently used first). */
  EVICTED,
  /** Not used for longer than the idle expiry. */
  EXPIRED
}
