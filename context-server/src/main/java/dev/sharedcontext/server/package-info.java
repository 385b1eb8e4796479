/**
 * The SharedContext server: {@link dev.sharedcontext.server.SharedContextServer} (HTTP/1.1 and
 * WebSocket on one port over a {@link dev.sharedcontext.core.store.ContextStore}), its options
 * ({@link dev.sharedcontext.server.ServerOptions}, {@link dev.sharedcontext.server.AccessToken})
 * and the standalone {@link dev.sharedcontext.server.Launcher}. Everything in
 * {@code dev.sharedcontext.server.internal} is implementation and may change without notice.
 */
package dev.sharedcontext.server;
