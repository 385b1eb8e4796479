package dev.sharedcontext.redis;

import dev.sharedcontext.core.store.ConcurrencyContract;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.ContextStoreContract;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.store.TraceReplayContract;
import org.junit.jupiter.api.Nested;

/** The store contract, the 8 × 1,000 concurrency contract and the trace replays, on a real Redis. */
class RedisContextStoreIT extends ContextStoreContract {

  @Override
  protected ContextStore newStore(StoreOptions options) {
    return SharedRedis.newStore(options);
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    @Override
    protected ContextStore newStore(StoreOptions options) {
      return SharedRedis.newStore(options);
    }
  }

  @Nested
  class Traces extends TraceReplayContract {
    @Override
    protected ContextStore newStore(StoreOptions options) {
      return SharedRedis.newStore(options);
    }
  }
}
