/**
 * Implementation of the server; not API. The Netty layout: {@code NettyServer} (bootstrap),
 * {@code ServerInitializer} (pipeline), handlers; the fan-out in {@code Feeds} and
 * {@code Subscriber}.
 */
package dev.sharedcontext.server.internal;
