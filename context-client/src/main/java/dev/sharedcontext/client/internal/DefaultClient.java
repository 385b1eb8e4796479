package dev.sharedcontext.client.internal;

import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.client.ClientStats;
import dev.sharedcontext.client.CommitReceipt;
import dev.sharedcontext.client.ContextChanges;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.client.VersionedContext;
import dev.sharedcontext.client.WindowListener;
import dev.sharedcontext.client.WindowSubscription;
import dev.sharedcontext.core.ClosedException;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import dev.sharedcontext.core.window.WindowRequest;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client: wires the cache, the HTTP endpoints and the stream, owns the threads it started,
 * and gives each asynchronous call its blocking twin. Not API: use {@link SharedContextClient}.
 */
public final class DefaultClient implements SharedContextClient {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultClient.class);

  private final ClientOptions options;
  private final ExecutorService ownedWorker;
  private final Executor worker;
  private ScheduledExecutorService ownedScheduler; // guarded by this: made on first use
  private final Set<WindowFeed> windows = ConcurrentHashMap.newKeySet();
  private final Counters counters = new Counters();
  private final Events events;
  private final ContextCache cache;
  private final ContextApi api;
  private final StreamHandler handler;
  private final StreamManager stream;
  private final Reader reader;
  private final Writer writer;
  private final Async async = new Async();
  private final SerialExecutor lane;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DefaultClient(ClientOptions options, List<ClientListener> listeners) {
    this.options = options;
    String name = options.projectId();
    this.ownedWorker = options.executor() == null ? Threads.worker(name) : null;
    Executor worker = ownedWorker != null ? ownedWorker : options.executor();
    this.worker = worker;
    // HTTP/1.1: the server speaks it (and WebSocket over it); the JDK's default would try an h2c upgrade.
    HttpClient http = HttpClient.newBuilder().executor(worker).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.lane = new SerialExecutor(worker, "state");
    this.events = new Events(worker, listeners);
    this.cache = new ContextCache(options.projectId(), options.clock(), events, counters);
    HttpTransport transport = new HttpTransport(http, options, counters, closed::get);
    this.api = new ContextApi(transport, options.projectId(), options.agentId());
    this.handler = new StreamHandler(options.projectId(), cache, api, events, transport, lane);
    this.stream = options.streaming()
        ? new StreamManager(worker, options, new ContextFeed(options.projectId(), cache, handler, events, counters),
            lane, scheduler())
        : null;
    this.reader = new Reader(options, cache, api, lane, counters, this::streamLive);
    this.writer = new Writer(options, cache, api, reader, lane);
  }

  /** A started client. */
  public static SharedContextClient start(ClientOptions options, List<ClientListener> listeners) {
    listeners.forEach(l -> Objects.requireNonNull(l, "listener"));
    DefaultClient client = new DefaultClient(options, listeners);
    if (client.stream != null) {
      client.stream.start();
    }
    LOG.debug("client of {} at {} started (streaming {})", options.projectId(), options.uri(), options.streaming());
    return client;
  }

  private boolean streamLive() {
    return stream != null && stream.isOpen() && !handler.resyncing();
  }

  @Override
  public ClientOptions options() {
    return options;
  }

  @Override
  public VersionedContext getContext() {
    return Async.join(getContextAsync());
  }

  @Override
  public CompletableFuture<VersionedContext> getContextAsync() {
    return call(() -> reader.head(false));
  }

  @Override
  public VersionedContext getContext(long version) {
    return Async.join(getContextAsync(version));
  }

  @Override
  public CompletableFuture<VersionedContext> getContextAsync(long version) {
    positive(version, "version");
    return call(() -> api.at(version));
  }

  @Override
  public Optional<VersionedContext> cached() {
    ContextCache.Entry e = cache.entry();
    return e == null ? Optional.empty() : Optional.of(e.context());
  }

  @Override
  public CommitReceipt setContext(ContextDocument document) {
    return Async.join(setContextAsync(document));
  }

  @Override
  public CompletableFuture<CommitReceipt> setContextAsync(ContextDocument document) {
    Objects.requireNonNull(document, "document");
    return call(() -> writer.set(document));
  }

  @Override
  public Patch createDiff(ContextDocument oldDocument, ContextDocument newDocument) {
    Objects.requireNonNull(oldDocument, "oldDocument");
    Objects.requireNonNull(newDocument, "newDocument");
    return Patch.diff(oldDocument, newDocument);
  }

  @Override
  public CommitReceipt updateContext(Patch patch) {
    return Async.join(updateContextAsync(patch));
  }

  @Override
  public CompletableFuture<CommitReceipt> updateContextAsync(Patch patch) {
    Objects.requireNonNull(patch, "patch");
    return call(() -> writer.patch(patch, -1));
  }

  @Override
  public CommitReceipt update(long baseVersion, Patch patch) {
    return Async.join(updateAsync(baseVersion, patch));
  }

  @Override
  public CompletableFuture<CommitReceipt> updateAsync(long baseVersion, Patch patch) {
    if (baseVersion < 0) {
      throw new IllegalArgumentException("baseVersion must not be negative: " + baseVersion);
    }
    Objects.requireNonNull(patch, "patch");
    return call(() -> writer.patch(patch, baseVersion));
  }

  @Override
  public CommitReceipt update(UnaryOperator<ContextDocument> change) {
    return Async.join(updateAsync(change));
  }

  @Override
  public CompletableFuture<CommitReceipt> updateAsync(UnaryOperator<ContextDocument> change) {
    Objects.requireNonNull(change, "change");
    return call(() -> writer.update(change));
  }

  @Override
  public CommitReceipt rollback(long version) {
    return Async.join(rollbackAsync(version));
  }

  @Override
  public CompletableFuture<CommitReceipt> rollbackAsync(long version) {
    positive(version, "version");
    return call(() -> writer.rollback(version));
  }

  @Override
  public List<ContextVersion> history() {
    return Async.join(historyAsync(0, Long.MAX_VALUE));
  }

  @Override
  public List<ContextVersion> history(int limit, long beforeVersion) {
    return Async.join(historyAsync(limit, beforeVersion));
  }

  @Override
  public CompletableFuture<List<ContextVersion>> historyAsync(int limit, long beforeVersion) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    positive(beforeVersion, "beforeVersion");
    return call(() -> api.history(limit, beforeVersion));
  }

  @Override
  public ContextChanges since(long version) {
    return Async.join(sinceAsync(version));
  }

  @Override
  public CompletableFuture<ContextChanges> sinceAsync(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    return call(() -> api.since(version));
  }

  @Override
  public Window window(int budget) {
    return Async.join(windowAsync(budget));
  }

  @Override
  public CompletableFuture<Window> windowAsync(int budget) {
    checkBudget(budget);
    return call(() -> api.window(budget, options.tokenEncoding().wireName()));
  }

  @Override
  public WindowSubscription subscribeWindow(int budget, WindowListener listener) {
    checkBudget(budget);
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new ClosedException("the client is closed");
    }
    WindowFeed feed = new WindowFeed(options, budget, listener, worker, windows::remove);
    windows.add(feed);
    feed.start(new StreamManager(worker, options, feed, new SerialExecutor(worker, "window"), scheduler()));
    if (closed.get()) {
      feed.close(); // close() ran meanwhile and may have missed it
    }
    return feed;
  }

  private static void checkBudget(int budget) {
    if (budget < WindowRequest.MIN_BUDGET) {
      throw new IllegalArgumentException("budget must be at least " + WindowRequest.MIN_BUDGET + ": " + budget);
    }
  }

  /** The scheduler given in the options, or the client's own, started on first use. */
  private synchronized ScheduledExecutorService scheduler() {
    if (options.scheduler() != null) {
      return options.scheduler();
    }
    if (ownedScheduler == null) {
      if (closed.get()) {
        throw new ClosedException("the client is closed"); // a scheduler made now would never be stopped
      }
      ownedScheduler = Threads.scheduler(options.projectId());
    }
    return ownedScheduler;
  }

  @Override
  public ContextDocument resolve(WindowReference reference) {
    return Async.join(resolveAsync(reference));
  }

  @Override
  public CompletableFuture<ContextDocument> resolveAsync(WindowReference reference) {
    Objects.requireNonNull(reference, "reference");
    return call(() -> api.ref(reference.path(), reference.version()));
  }

  @Override
  public void delete() {
    Async.join(deleteAsync());
  }

  @Override
  public CompletableFuture<Void> deleteAsync() {
    return call(() -> api.delete().thenCompose(v -> Async.on(lane, () -> {
      cache.deleted();
      return null;
    })));
  }

  @Override
  public void addListener(ClientListener listener) {
    events.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(ClientListener listener) {
    events.remove(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public boolean isConnected() {
    return stream != null && stream.isOpen();
  }

  @Override
  public ClientStats stats() {
    return counters.snapshot();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (stream != null) {
      stream.close();
    }
    windows.forEach(WindowFeed::close);
    events.close();
    async.close();
    synchronized (this) {
      if (ownedScheduler != null) {
        ownedScheduler.shutdownNow();
      }
    }
    if (ownedWorker != null) {
      ownedWorker.shutdownNow();
    }
    LOG.debug("client of {} closed", options.projectId());
  }

  private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new ClosedException("the client is closed"));
    }
    CompletableFuture<T> f;
    try {
      f = work.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    // A copy, so that close() failing it does not complete the chain the client still runs.
    return async.track(f.thenApply(x -> x));
  }

  private static void positive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }
}
