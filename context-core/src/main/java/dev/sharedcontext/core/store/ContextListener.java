package dev.sharedcontext.core.store;

/**
 * Receives a store's changes. Methods have no-op defaults; implement what you need. Calls for
 * one project arrive one at a time, in order; calls for different projects may be concurrent.
 * An exception thrown here is logged at WARN and does not stop later deliveries.
 */
public interface ContextListener {

  /** A version was committed. */
  default void onCommit(ContextChange change) {}

  /** A project is gone: deleted, evicted for space, or expired for idleness. */
  default void onDelete(String projectId, DeleteReason reason) {}
}
