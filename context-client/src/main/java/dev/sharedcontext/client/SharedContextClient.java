package dev.sharedcontext.client;

import dev.sharedcontext.client.internal.DefaultClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * An agent's connection to one project on a SharedContext server: reads served from a local
 * cache, writes sent as patches, and (unless streaming is off) a WebSocket stream that keeps the
 * cache current, reconnecting with backoff and resuming from the last version it holds.
 *
 * <p>Every blocking call has an {@code ...Async} twin; the blocking one waits for it and throws
 * what it failed with. Failures are {@link dev.sharedcontext.core.ContextException}s:
 * {@link dev.sharedcontext.core.ConnectionException}, {@link dev.sharedcontext.core.ContextTimeoutException},
 * {@link dev.sharedcontext.core.VersionConflictException}, {@link dev.sharedcontext.core.NotFoundException},
 * {@link dev.sharedcontext.core.LimitExceededException}, {@link dev.sharedcontext.core.UnauthorizedException},
 * {@link dev.sharedcontext.core.ClosedException} after {@link #close()}, and the input errors of core.
 *
 * <p>Thread-safe. No argument may be null. Create with {@link #builder()} or {@link #create}.
 */
public interface SharedContextClient extends AutoCloseable {

  /** A builder with the defaults of {@link ClientOptions}. */
  static ClientBuilder builder() {
    return new ClientBuilder();
  }

  /** A client with {@code options}, started (streaming, if on, begins connecting at once). */
  static SharedContextClient create(ClientOptions options, ClientListener... listeners) {
    Objects.requireNonNull(options, "options");
    return DefaultClient.start(options, List.of(listeners));
  }

  /** This client's options. */
  ClientOptions options();

  /**
   * The head. Served from the cache without a request when an open stream keeps it current
   * (and no resync is running), or, for a client without streaming, while the server confirmed
   * it less than the cache TTL ago; otherwise a conditional GET ({@code If-None-Match}) that
   * costs no body when the cache is still the head. A streaming client whose stream is down asks
   * the server: it knows it may be missing changes.
   *
   * @throws dev.sharedcontext.core.NotFoundException if the project does not exist
   */
  VersionedContext getContext();

  CompletableFuture<VersionedContext> getContextAsync();

  /** The document at {@code version} (always a request; old versions are not cached). */
  VersionedContext getContext(long version);

  CompletableFuture<VersionedContext> getContextAsync(long version);

  /** What the cache holds now, without any request; empty before the first load. */
  Optional<VersionedContext> cached();

  /**
   * Makes {@code document} the context. When the cache holds a version, only
   * {@code Patch.diff(cached, document)} is sent, based on that version (the server rebases it
   * over later commits on other paths, or refuses with a version conflict); nothing is sent when
   * the diff is empty. Without a cache, the whole document is sent.
   */
  CommitReceipt setContext(ContextDocument document);

  CompletableFuture<CommitReceipt> setContextAsync(ContextDocument document);

  /** {@code Patch.diff(oldDocument, newDocument)}: local, no request. */
  Patch createDiff(ContextDocument oldDocument, ContextDocument newDocument);

  /** Applies {@code patch} to whatever the head is (no base version: last writer wins per path). */
  CommitReceipt updateContext(Patch patch);

  CompletableFuture<CommitReceipt> updateContextAsync(Patch patch);

  /**
   * Applies {@code patch}, made against {@code baseVersion}.
   *
   * @throws dev.sharedcontext.core.VersionConflictException if paths it touches changed after
   *     {@code baseVersion}; with {@code baseVersion} 0 ("a new project"), if the project exists
   * @throws dev.sharedcontext.core.PatchFailedException if it does not apply to the head
   */
  CommitReceipt update(long baseVersion, Patch patch);

  CompletableFuture<CommitReceipt> updateAsync(long baseVersion, Patch patch);

  /**
   * Read, change, write: applies {@code change} to the head and commits the difference, based
   * on the version read. On a version conflict it reads again and retries, up to
   * {@link ClientOptions#maxUpdateAttempts()} attempts. {@code change} may run more than once and
   * must not have side effects; it runs on the caller's or the client's thread.
   */
  CommitReceipt update(UnaryOperator<ContextDocument> change);

  CompletableFuture<CommitReceipt> updateAsync(UnaryOperator<ContextDocument> change);

  /** Commits, as a new version, the content {@code version} had. */
  CommitReceipt rollback(long version);

  CompletableFuture<CommitReceipt> rollbackAsync(long version);

  /** Recorded versions, newest first, as many as the server returns by default. */
  List<ContextVersion> history();

  /** At most {@code limit} recorded versions older than {@code beforeVersion}, newest first. */
  List<ContextVersion> history(int limit, long beforeVersion);

  CompletableFuture<List<ContextVersion>> historyAsync(int limit, long beforeVersion);

  /** What changed after {@code version}: a patch, or the head whole if history does not reach back. */
  ContextChanges since(long version);

  CompletableFuture<ContextChanges> sinceAsync(long version);

  /**
   * A view of the head that fits {@code budget} tokens, made by the server: counted with
   * {@link ClientOptions#tokenEncoding()}, ranked by the server's priority rules for this
   * project and this client's agent id, the whole wire object within the budget. What does not
   * fit is a {@link dev.sharedcontext.core.window.WindowReference}; {@link #resolve} returns its
   * exact original. Always a request.
   *
   * @param budget tokens, at least {@value dev.sharedcontext.core.window.WindowRequest#MIN_BUDGET}
   * @throws dev.sharedcontext.core.NotFoundException if the project does not exist
   */
  Window window(int budget);

  CompletableFuture<Window> windowAsync(int budget);

  /**
   * Subscribes to the window of the head that fits {@code budget} tokens (as {@link #window(int)}
   * makes it: this client's agent id and token encoding), kept current by the server over a
   * WebSocket of its own. {@code listener} hears of every new window; the subscription holds the
   * last one. Works with streaming off as well.
   *
   * @param budget tokens, at least {@value dev.sharedcontext.core.window.WindowRequest#MIN_BUDGET}
   * @throws IllegalArgumentException if {@code budget} is below that
   * @throws dev.sharedcontext.core.ClosedException if the client is closed
   */
  WindowSubscription subscribeWindow(int budget, WindowListener listener);

  /**
   * The exact value a window left out, at the version the window showed.
   *
   * @throws dev.sharedcontext.core.NotFoundException if there is no value at that path and version
   * @throws dev.sharedcontext.core.CompactedException if the version is no longer kept
   */
  ContextDocument resolve(WindowReference reference);

  CompletableFuture<ContextDocument> resolveAsync(WindowReference reference);

  /** Deletes the project and its history. */
  void delete();

  CompletableFuture<Void> deleteAsync();

  /** Adds a listener; it sees events from now on. */
  void addListener(ClientListener listener);

  /** Removes a listener added before; no-op if absent. */
  void removeListener(ClientListener listener);

  /** True while the stream is open. */
  boolean isConnected();

  /** The counters so far. */
  ClientStats stats();

  /**
   * Closes the stream, cancels any pending reconnect, fails calls in flight with
   * {@link dev.sharedcontext.core.ClosedException} and stops the threads the client started.
   * Idempotent; never throws.
   */
  @Override
  void close();
}
