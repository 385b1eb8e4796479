package dev.sharedcontext.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis side of the fanout: Lettuce pub/sub connections subscribed to one channel, and a
 * {@code PUBLISH} of a message as long as the SharedContext side's {@code context_update}
 * (a sequence number, then padding), so both sides move the same bytes.
 */
final class RedisFanout implements FanoutPeer {
  static final String CHANNEL = "fan";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> publisher;
  private final List<StatefulRedisPubSubConnection<String, String>> subscribers = new ArrayList<>();
  private final Receipts receipts = new Receipts();
  private final int messageBytes;
  private long sequence;

  RedisFanout(String uri, int messageBytes) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(TIMEOUT);
    this.client = RedisClient.create(redisUri);
    this.publisher = client.connect();
    this.messageBytes = Math.max(messageBytes, 24);
  }

  @Override
  public void grow(int total) {
    while (subscribers.size() < total) {
      StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
      c.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          receipts.received(sequenceOf(message));
        }
      });
      c.sync().subscribe(CHANNEL); // returns once Redis confirmed the subscription
      subscribers.add(c);
    }
  }

  @Override
  public Receipts.Delivery deliverOne() {
    long seq = ++sequence;
    String prefix = seq + ":";
    String message = prefix + "x".repeat(messageBytes - prefix.length());
    Receipts.Round round = receipts.begin(seq, subscribers.size());
    RedisFuture<Long> receivers = publisher.async().publish(CHANNEL, message);
    Receipts.Delivery delivery = round.await(TIMEOUT);
    try {
      long n = receivers.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (n != subscribers.size()) {
        throw new BenchmarkException("PUBLISH reached " + n + " subscribers, not " + subscribers.size());
      }
    } catch (Exception e) {
      if (e instanceof BenchmarkException b) {
        throw b;
      }
      throw new BenchmarkException("PUBLISH failed: " + e, e);
    }
    return delivery;
  }

  @Override
  public int messageBytes() {
    return messageBytes;
  }

  private static long sequenceOf(String message) {
    int colon = message.indexOf(':');
    return colon <= 0 ? -1 : Long.parseLong(message, 0, colon, 10);
  }

  @Override
  public void close() {
    for (StatefulRedisPubSubConnection<String, String> c : subscribers) {
      c.closeAsync();
    }
    subscribers.clear();
    publisher.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }
}
