package dev.sharedcontext.benchmarks;

/**
 * One side of the fanout benchmark: a publisher and a growing set of subscribers to one
 * channel (a project's WebSocket stream, a Redis pub/sub channel), driven from Java on both
 * sides so that the client libraries' costs are alike.
 */
interface FanoutPeer extends AutoCloseable {

  /** Connects subscribers until there are {@code total}; returns when every one is listening. */
  void grow(int total);

  /**
   * Publishes one message and waits until every subscriber has it.
   *
   * @return the times from just before the publish to the first and the last subscriber's receipt
   * @throws BenchmarkException if a subscriber does not get it within the timeout
   */
  Receipts.Delivery deliverOne();

  /** Bytes of the message each subscriber receives. */
  int messageBytes();

  @Override
  void close();
}
