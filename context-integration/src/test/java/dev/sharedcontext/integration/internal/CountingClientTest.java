package dev.sharedcontext.integration.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.VersionConflictException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What an agent's commits count: what the receipt says it made, whatever the agent's cache says
 * around the call (other agents' commits move it, and so does the commit itself when the answer
 * lands in the cache before the call returns).
 */
class CountingClientTest {
  private final AgentCounters counters = new AgentCounters("p", "a");
  private final AtomicReference<VersionedContext> cached = new AtomicReference<>();
  private final AtomicReference<CommitReceipt> answer = new AtomicReference<>();

  /** A client whose commits answer {@link #answer} at once, after putting it in the cache (read your own writes). */
  private SharedContextClient delegate() {
    return (SharedContextClient) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SharedContextClient.class}, (proxy, method, args) -> switch (method.getName()) {
          case "cached" -> Optional.ofNullable(cached.get());
          case "updateAsync", "updateContextAsync", "setContextAsync", "rollbackAsync" -> {
            CommitReceipt r = answer.get();
            if (r == null) {
              yield CompletableFuture.failedFuture(new VersionConflictException(1, 2, List.of("/n")));
            }
            cached.set(context(r.version()));
            yield CompletableFuture.completedFuture(r);
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static VersionedContext context(long version) {
    ContextDocument d = ContextDocument.parse("{\"n\":" + version + "}");
    return new VersionedContext("p", version, d, d.hash(), null);
  }

  private static CommitReceipt receipt(long version, boolean changed) {
    return new CommitReceipt("p", version, context(version).hash(), 5, false, changed);
  }

  @Test
  void aCommitIsCountedEvenWhenItsAnswerReachedTheCacheBeforeTheCallReturned() {
    CountingClient client = new CountingClient(delegate(), counters, () -> { });
    cached.set(context(1));
    answer.set(receipt(2, true));

    client.update(d -> d.equals(context(1).document()) ? context(2).document() : d);
    client.updateContext(Patch.parse("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":3}]"));

    assertThat(counters.commits.sum()).isEqualTo(2);
    assertThat(counters.tokensSavedCommitting.sum()).isEqualTo(10);
  }

  @Test
  void aChangeThatChangedNothingIsNotCountedEvenWhenTheHeadMovedMeanwhile() {
    CountingClient client = new CountingClient(delegate(), counters, () -> { });
    cached.set(context(1));
    answer.set(receipt(4, false)); // another agent's commits took the head to 4; this one changed nothing

    client.setContext(context(4).document());

    assertThat(counters.commits.sum()).isZero();
    assertThat(counters.tokensSavedCommitting.sum()).isZero();
  }

  @Test
  void aConflictIsCountedAsAConflictNotACommit() {
    CountingClient client = new CountingClient(delegate(), counters, () -> { });
    answer.set(null);

    assertThatThrownBy(() -> client.update(1, Patch.parse("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":3}]")))
        .isInstanceOf(VersionConflictException.class);

    assertThat(counters.conflicts.sum()).isEqualTo(1);
    assertThat(counters.commits.sum()).isZero();
  }
}
