package dev.sharedcontext.server.internal;

import static dev.sharedcontext.server.internal.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.store.StoreOptions;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Windowed subscribers of one project on EmbeddedChannels, the context a real project history
 * (the ky trace, ~97 KB): a commit is windowed once for every subscriber holding the same window
 * with the same parameters, and once more for each other budget, rule set or window held; every
 * subscriber, live, resumed, lagging, stalled or starting over, follows exactly the window of
 * each version; and {@code /metrics}' token figures are what the messages say.
 */
class WindowStreamTest {
  static Trace ky;

  ServerRuntime rt;
  TokenCounter configured;
  final List<Client> clients = new ArrayList<>();
  long expectedServed;
  long expectedSaved;

  @BeforeAll
  static void load() {
    ky = Trace.load("sindresorhus__ky");
  }

  void open(StoreOptions store) {
    rt = new ServerRuntime(ServerOptions.defaults(), ContextStore.inMemory(store));
    configured = rt.counters.configured();
  }

  void open() {
    open(StoreOptions.defaults());
  }

  @AfterEach
  void tearDown() {
    for (Client c : clients) {
      c.ch.finishAndReleaseAll();
    }
    rt.close();
    rt.store.close();
  }

  /** Commits version {@code n} of the trace (store version n + 1) and runs every connection's tasks. */
  long commit(int n) {
    ContextDocument doc = ContextDocument.of(TraceContexts.toJson(ky.version(n).state()));
    long v = rt.store.commit("p", CommitRequest.replace(doc).by("writer")).version().version();
    runTasks();
    return v;
  }

  void runTasks() {
    for (Client c : clients) {
      c.ch.runPendingTasks();
    }
  }

  Client client(String agentId, int budget) {
    Client c = new Client(agentId, budget, configured);
    clients.add(c);
    return c;
  }

  /** The metrics must hold exactly what the messages the clients took say they were worth. */
  void assertAccounting() {
    assertThat(rt.metrics.tokensServed.sum()).as("tokensServed").isEqualTo(expectedServed);
    assertThat(rt.metrics.tokensSaved.sum()).as("tokensSaved").isEqualTo(expectedSaved);
  }

  /** One windowed connection, and the window its client holds. */
  final class Client {
    final String agentId;
    final int budget;
    final TokenCounter counter;
    final EmbeddedChannel ch;
    final WindowStream stream;
    final Subscriber sub;
    ContextDocument held;
    String lastText;

    Client(String agentId, int budget, TokenCounter counter) {
      this.agentId = agentId;
      this.budget = budget;
      this.counter = counter;
      this.stream = new WindowStream(rt, "p", agentId, budget, counter);
      this.ch = new EmbeddedChannel(stream);
      this.sub = new Subscriber(rt, ch, ch.eventLoop(), "p", Subscriber.Output.WINDOW);
      rt.feeds.add(sub);
    }

    /** The window of version {@code v} as {@code GET /window} answers it for this client, with today's rules. */
    ContextDocument expected(long v) {
      return rt.windows.of(rt.store.at("p", v), budget, rt.rules.effective("p", agentId), counter).wire();
    }

    /** Starts the feed (a snapshot) and takes the first message. */
    JsonNode start() {
      sub.start(-1);
      return follow();
    }

    /**
     * Takes the next message, moves the held window by it, and checks the result: the message's
     * hash, version and tokens, the window of that version, and the token figures it claims.
     */
    JsonNode follow() {
      Object out = ch.readOutbound();
      assertThat(out).as("a message for %s", agentId).isInstanceOf(TextWebSocketFrame.class);
      try {
        lastText = ((TextWebSocketFrame) out).text();
      } finally {
        ReferenceCountUtil.release(out);
      }
      JsonNode m = parse(lastText);
      long v = m.get("version").asLong();
      long full = rt.store.at("p", v).version().tokens();
      if (m.get("type").asText().equals("window_snapshot")) {
        held = ContextDocument.of(m.get("window"));
        expectedServed += m.get("tokens").asLong();
        expectedSaved += full - m.get("tokens").asLong();
      } else {
        assertThat(m.get("type").asText()).isEqualTo("window_update");
        assertThat(held.get("/version").orElseThrow().asLong()).as("the base it moves").isEqualTo(
            m.get("baseVersion").asLong());
        Patch patch = Patch.fromJson(m.get("patch"));
        held = patch.apply(held);
        long served = configured.count(patch);
        assertThat(m.get("tokensSaved").asLong()).isEqualTo(full - served);
        expectedServed += served;
        expectedSaved += full - served;
      }
      assertThat(held.hash()).isEqualTo(m.get("hash").asText());
      assertThat(held.get("/version").orElseThrow().asLong()).isEqualTo(v);
      assertThat(held.get("/tokens").orElseThrow().asLong()).isEqualTo(m.get("tokens").asLong());
      assertThat(held).as("%s's window of version %d", agentId, v).isEqualTo(expected(v));
      return m;
    }

    void assertNothingMore() {
      assertThat(ch.outboundMessages()).as("messages for %s", agentId).isEmpty();
    }
  }

  @Test
  void aCommitToSeveralSubscribersOfOneWindowIsWindowedOnce() {
    open();
    commit(0);
    List<Client> same = IntStream.range(0, 5).mapToObj(i -> client("agent-" + i, 2000)).toList();
    same.forEach(Client::start);
    for (int n = 1; n <= 4; n++) {
      long before = rt.windowSteps.computed();
      commit(n);
      assertThat(rt.windowSteps.computed() - before).as("window steps made for trace version %d", n).isEqualTo(1);
      for (Client c : same) {
        assertThat(c.follow().get("type").asText()).isEqualTo("window_update");
        assertThat(c.lastText).as("the same bytes").isEqualTo(same.get(0).lastText);
        c.assertNothingMore();
      }
    }
    for (Client c : same) {
      assertThat(c.stream.contextsRebuilt()).as("the store's documents were taken, none rebuilt").isZero();
    }
    assertAccounting();
  }

  @Test
  void aDeletedProjectsWindowsAndStepsAreDropped() {
    open();
    commit(0);
    Client c = client("a", 2000);
    c.start();
    commit(1);
    c.follow();
    assertThat(rt.windows.kept("p")).as("windows of p").isPositive();
    assertThat(rt.windowSteps.kept("p")).as("steps of p").isPositive();
    rt.store.delete("p");
    runTasks();
    assertThat(rt.windows.kept("p")).as("windows of p after its deletion").isZero();
    assertThat(rt.windowSteps.kept("p")).as("steps of p after its deletion").isZero();
  }

  @Test
  void otherBudgetsAndRulesGetTheirOwnWindows() {
    open();
    rt.rules.set("p", "tester", PriorityRules.of(Map.of("/files/package.json", 10)));
    commit(0);
    Client small = client("a", 600);
    Client large = client("b", 2000);
    Client largeToo = client("c", 2000);
    Client tester = client("tester", 2000);
    clients.forEach(Client::start);
    assertThat(tester.held.get("/context")).as("the rules make another window").isNotEqualTo(
        large.held.get("/context"));
    for (int n = 1; n <= 3; n++) {
      long before = rt.windowSteps.computed();
      commit(n);
      assertThat(rt.windowSteps.computed() - before).as("one step per budget and rules").isEqualTo(3);
      clients.forEach(Client::follow);
      assertThat(largeToo.lastText).isEqualTo(large.lastText);
      assertThat(small.lastText).isNotEqualTo(large.lastText);
      assertThat(tester.lastText).isNotEqualTo(large.lastText);
    }
    assertAccounting();
  }

  @Test
  void rulesChangedBetweenVersionsMoveEachClientFromTheWindowItHolds() {
    open();
    commit(0);
    Client before = client("before", 2000);
    before.start();
    rt.rules.set("p", "", PriorityRules.of(Map.of("/files/package.json", 10)));
    Client after = client("after", 2000);
    after.start();
    assertThat(after.held).as("the same version under other rules").isNotEqualTo(before.held);
    long steps = rt.windowSteps.computed();
    commit(1);
    assertThat(rt.windowSteps.computed() - steps).as("one step from each window held").isEqualTo(2);
    before.follow();
    after.follow();
    assertThat(before.held).as("both now hold the window under the new rules").isEqualTo(after.held);
    steps = rt.windowSteps.computed();
    commit(2);
    assertThat(rt.windowSteps.computed() - steps).isEqualTo(1);
    before.follow();
    after.follow();
    assertThat(before.lastText).isEqualTo(after.lastText);
    assertAccounting();
  }

  @Test
  void aClientResumedFromTheRecentFramesCatchesUpThenSharesTheLiveSteps() {
    open();
    commit(0);
    Client live = client("live", 2000);
    live.start();
    for (int n = 1; n <= 4; n++) {
      commit(n);
      live.follow();
    }
    Client resumed = client("resumed", 2000);
    resumed.held = resumed.expected(2); // it claims the window of version 2
    resumed.sub.start(2);
    for (long v = 3; v <= 5; v++) {
      assertThat(resumed.follow().get("baseVersion").asLong()).isEqualTo(v - 1);
    }
    resumed.assertNothingMore();
    assertThat(resumed.stream.contextsRebuilt()).as("kept frames carry no document: read back").isEqualTo(3);
    long steps = rt.windowSteps.computed();
    commit(5);
    assertThat(rt.windowSteps.computed() - steps).isEqualTo(1);
    live.follow();
    resumed.follow();
    assertThat(resumed.lastText).isEqualTo(live.lastText);
    assertThat(resumed.stream.contextsRebuilt()).isEqualTo(3);
    assertAccounting();
  }

  @Test
  void aLaggingClientIsReplayedFromTheHistoryWithTheStoresDocuments() {
    open();
    commit(0);
    Client lagging = client("lagging", 2000);
    Client live = client("live", 2000);
    lagging.start();
    live.start();
    rt.feeds.remove(lagging.sub);
    for (int n = 1; n <= 3; n++) {
      commit(n);
      live.follow();
    }
    rt.feeds.add(lagging.sub);
    commit(4); // version 5, based on 4; the client holds 1: versions 2 to 5 come from the history
    for (long v = 2; v <= 5; v++) {
      assertThat(lagging.follow().get("version").asLong()).isEqualTo(v);
    }
    live.follow();
    assertThat(lagging.lastText).isEqualTo(live.lastText);
    assertThat(lagging.stream.contextsRebuilt()).isZero();
    lagging.assertNothingMore();
    assertAccounting();
  }

  @Test
  void aStalledClientGetsOneCatchUpOfItsWindow() {
    open();
    commit(0);
    Client stalled = client("stalled", 2000);
    stalled.start();
    stalled.ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    for (int n = 1; n <= 3; n++) {
      commit(n);
    }
    stalled.assertNothingMore();
    stalled.ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    stalled.sub.writabilityChanged();
    JsonNode m = stalled.follow();
    assertThat(m.get("catchUp").asBoolean()).isTrue();
    assertThat(m.get("baseVersion").asLong()).isEqualTo(1);
    assertThat(m.get("version").asLong()).isEqualTo(4);
    commit(4);
    assertThat(stalled.follow().has("catchUp")).isFalse();
    assertAccounting();
  }

  @Test
  void aClientResumingFromAVersionNoLongerKeptGetsAWindowSnapshot() {
    open(StoreOptions.builder().maxVersionsPerProject(3).build());
    for (int n = 0; n <= 5; n++) {
      commit(n);
    }
    Client late = client("late", 2000);
    late.sub.start(1);
    assertThat(late.follow().get("type").asText()).isEqualTo("window_snapshot");
    assertThat(late.held).isEqualTo(late.expected(6));
    commit(6);
    late.follow();
    assertAccounting();
  }
}
