package dev.sharedcontext.core.store;

/** A registered listener; {@link #close()} unregisters it (idempotent). */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
