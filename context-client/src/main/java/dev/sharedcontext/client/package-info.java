/**
 * The SharedContext client: {@link dev.sharedcontext.client.SharedContextClient}, built with
 * {@link dev.sharedcontext.client.SharedContextClient#builder()} over immutable
 * {@link dev.sharedcontext.client.ClientOptions}.
 *
 * <p>Dependencies: {@code context-core} and the JDK's {@code java.net.http} (HTTP/1.1 and
 * WebSocket). Everything under {@code dev.sharedcontext.client.internal} is implementation.
 *
 * <p>How the cache stays exact: every change reaches the cache as a patch whose result is checked
 * against the version's SHA-256 hash; a gap in the versions or a hash that does not match makes
 * the client catch up ({@code GET ?since=N}, or the whole head when the history does not reach),
 * and a stream that reconnects resumes from the last version it holds.
 */
package dev.sharedcontext.client;
