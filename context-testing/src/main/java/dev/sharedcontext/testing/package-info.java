/**
 * An in-process SharedContext server for agent unit tests, as a product: {@link
 * dev.sharedcontext.testing.TestServer} (loopback, port 0, ready clients), the JUnit 5 {@link
 * dev.sharedcontext.testing.SharedContextExtension} that starts and closes it, {@link
 * dev.sharedcontext.testing.RecordingListener} to assert a client's events in order, and {@link
 * dev.sharedcontext.testing.Fault}s (drop, stall, close with a code) injected by a loopback proxy
 * between the clients and the server.
 *
 * <p>Everything under {@code dev.sharedcontext.testing.internal} is implementation.
 */
package dev.sharedcontext.testing;
