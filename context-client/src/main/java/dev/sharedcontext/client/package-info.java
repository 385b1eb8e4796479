/**
 * The SharedContext client: {@link dev.sharedcontext.client.SharedContextClient}, built with
 * {@link dev.sharedcontext.client.SharedContextClient#builder()} over immutable
 * {@link dev.sharedcontext.client.ClientOptions}.
 *
 * <p>Dependencies: {@code context-core} and the JDK: {@code java.net.http} for HTTP/1.1, and for
 * the stream a small RFC 6455 WebSocket client on JDK sockets that negotiates permessage-deflate
 * (RFC 7692; {@link dev.sharedcontext.client.ClientOptions#streamCompression()}), which the JDK's
 * own WebSocket cannot. Everything under {@code dev.sharedcontext.client.internal} is
 * implementation.
 *
 * <p>Windowed subscriptions ({@link dev.sharedcontext.client.SharedContextClient#subscribeWindow})
 * keep a token-budgeted window current over a stream of their own, checked by hash like the cache.
 *
 * <p>How the cache stays exact: every change reaches the cache as a patch whose result is checked
 * against the version's SHA-256 hash; a gap in the versions or a hash that does not match makes
 * the client catch up ({@code GET ?since=N}, or the whole head when the history does not reach),
 * and a stream that reconnects resumes from the last version it holds.
 */
package dev.sharedcontext.client;
