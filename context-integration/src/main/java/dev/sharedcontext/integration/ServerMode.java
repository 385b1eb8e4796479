package dev.sharedcontext.integration;

/** Which server a {@link ContextIntegration} talks to, decided once at start. */
public enum ServerMode {
  /** A server already answered {@code /health} at the configured URI; the integration reuses it. */
  EXTERNAL,
  /** None answered, so the integration started one in this process; it stops it on close. */
  EMBEDDED
}
