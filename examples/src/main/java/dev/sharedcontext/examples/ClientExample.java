package dev.sharedcontext.examples;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client on its own: get the context, send a diff, listen for real-time updates.
 *
 * <p>{@code java -cp examples/target/examples.jar dev.sharedcontext.examples.ClientExample [URL]}:
 * against the server at URL, or, without one, an embedded server started for the example.
 */
public final class ClientExample {
  private ClientExample() {}

  public static void main(String[] args) throws InterruptedException {
    SharedContextServer embedded = args.length == 0 ? SharedContextServer.builder().port(0).build().start() : null;
    URI uri = embedded != null ? embedded.uri() : URI.create(args[0]);
    CountDownLatch sawTheDiff = new CountDownLatch(1);
    try (SharedContextClient listener = SharedContextClient.builder().uri(uri).projectId("client-example")
            .agentId("listener").listener(new ClientListener() {
              @Override
              public void onUpdate(long version, Patch patch, String agentId, long tokensSaved) {
                System.out.printf("listener: v%d by %s, patch %s (%d tokens saved)%n", version, agentId, patch.toJson(),
                    tokensSaved);
                if (agentId.equals("writer") && patch.toJson().contains("/status")) {
                  sawTheDiff.countDown();
                }
              }
            }).build();
        SharedContextClient writer = SharedContextClient.builder().uri(uri).projectId("client-example")
            .agentId("writer").build()) {
      // 1. Write a whole context once (or read one that is there).
      writer.setContext(ContextDocument.parse("{\"status\":\"draft\",\"files\":{\"README.md\":\"# Demo\\nline 2\\n\"}}"));
      VersionedContext head = writer.getContext();
      System.out.println("writer: got v" + head.version() + " " + head.document().canonicalJson());

      // 2. Change it: only the difference travels (and a text edit only touches its lines).
      ContextDocument changed = ContextDocument.parse(
          "{\"status\":\"review\",\"files\":{\"README.md\":\"# Demo\\nline 2, edited\\n\"}}");
      Patch diff = writer.createDiff(head.document(), changed);
      System.out.println("writer: sending " + diff.toJson());
      writer.update(head.version(), diff);

      // 3. The listener's stream delivers it in real time.
      if (!sawTheDiff.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the update did not arrive within 10 s");
      }
      System.out.println("listener: now holds " + listener.cached().orElseThrow().document().canonicalJson());
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
