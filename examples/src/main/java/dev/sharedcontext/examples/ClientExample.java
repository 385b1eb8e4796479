package dev.sharedcontext.examples;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.client.WindowListener;
import dev.sharedcontext.client.WindowSubscription;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import dev.sharedcontext.server.SharedContextServer;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The client on its own: get the context, send a diff, listen for real-time updates, and follow
 * a token-budgeted window of the context.
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
                String json = patch.toJson();
                System.out.printf("listener: v%d by %s, patch %s (%d tokens saved)%n", version, agentId,
                    json.length() <= 160 ? json : json.substring(0, 159) + "…", tokensSaved);
                if (agentId.equals("writer") && json.contains("\"review\"")) { // the diff of step 2
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

      // 4. A windowed subscription: the view that fits 200 tokens, kept current by the server
      //    with patches of the window; what does not fit is a reference that resolve() returns.
      CountDownLatch sawTheWindow = new CountDownLatch(1);
      try (WindowSubscription view = listener.subscribeWindow(200, new WindowListener() {
        @Override
        public void onWindow(Window window) {
          System.out.printf("window: v%d, %d of %d tokens, %d references%n", window.version(), window.tokens(),
              window.budget(), window.references().size());
          if (!window.complete()) { // the notes no longer fit: something was left out
            sawTheWindow.countDown();
          }
        }
      })) {
        String notes = "- a note that makes the context too large for the window\\n".repeat(40); // JSON-escaped
        writer.updateContext(Patch.parse("[{\"op\":\"add\",\"path\":\"/files/NOTES.md\",\"value\":\"" + notes + "\"}]"));
        if (!sawTheWindow.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the window did not follow within 10 s");
        }
        for (WindowReference left : view.window().orElseThrow().references()) {
          System.out.printf("window: %s left out (%d tokens): %.60s…%n", left.path(), left.tokens(),
              listener.resolve(left).canonicalJson());
        }
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
