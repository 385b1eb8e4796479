package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import dev.sharedcontext.core.internal.InternalAccess;
import dev.sharedcontext.core.store.CommitRequest;
import dev.sharedcontext.core.store.CommitResult;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.traces.Trace;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * P5 (BENCHMARKS.md): a core commit of a one-file, one-line edit to a 350 KB context (ky's last
 * version), hash and token accounting included, and its parts on their own. The edit alternates
 * between two versions of one line, so the context keeps its size while versions pile up.
 *
 * <p>Beside it, not a target: a commit to a context of structured state rather than files, 5,000
 * small objects (about 530 KB), replacing one member of one of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CommitBench {
  static final String FILE = "source/core/Ky.ts";

  private ContextStore store;
  private ContextDocument base;
  private ContextDocument edited;
  private Patch forward;
  private Patch back;
  private TokenCounter tokens;
  private boolean flip;
  private ContextStore objects;
  private long objectEdits;
  static final int OBJECTS = 5_000;

  @Setup(Level.Trial)
  public void setUp() {
    Trace trace = Trace.load(System.getProperty("sharedcontext.traces") == null ? Trace.directory()
        : java.nio.file.Path.of(System.getProperty("sharedcontext.traces")), "sindresorhus__ky");
    Map<String, String> state = new TreeMap<>(trace.last().state());
    base = TraceDocuments.toDocument(state);
    String text = state.get(FILE);
    int mid = text.indexOf('\n', text.length() / 2) + 1;
    state.put(FILE, text.substring(0, mid) + "\t// a one-line edit\n" + text.substring(mid));
    edited = TraceDocuments.toDocument(state);
    forward = Patch.diff(base, edited);
    back = Patch.diff(edited, base);
    store = ContextStore.inMemory();
    store.commit("p5", CommitRequest.replace(base));
    tokens = TokenCounter.bpe();
    tokens.count(base);
    tokens.count(edited);
    objects = ContextStore.inMemory();
    objects.commit("objects", CommitRequest.replace(objectsDocument()));
  }

  /** {"tasks": {"task-0": {"title", "status", "owner", "estimate"}, ...}}: {@value #OBJECTS} of them. */
  static ContextDocument objectsDocument() {
    ObjectNode root = BenchmarkResult.JSON.createObjectNode();
    ObjectNode tasks = root.putObject("tasks");
    for (int i = 0; i < OBJECTS; i++) {
      tasks.putObject("task-" + i).put("title", "Implement part " + i + " of the feature").put("status", "open")
          .put("owner", "agent-" + (i % 7)).put("estimate", i % 13);
    }
    return ContextDocument.of(root);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    objects.close();
  }

  /** What P5 measures: store commit of the edit (apply, inverse, canonical form, hash, tokens, history). */
  @Benchmark
  public CommitResult commit() {
    flip = !flip;
    return store.commit("p5", CommitRequest.patch(flip ? forward : back).by("bench"));
  }

  /**
   * Not P5: a store commit to the context of {@value #OBJECTS} small objects, replacing the status
   * of one of them (a different one each time, spread over the whole context).
   */
  @Benchmark
  public CommitResult commitObjects() {
    long n = objectEdits++;
    ArrayNode ops = BenchmarkResult.JSON.createArrayNode();
    ops.addObject().put("op", "replace").put("path", "/tasks/task-" + (n * 7919 % OBJECTS) + "/status")
        .put("value", "status " + n);
    return objects.commit("objects", CommitRequest.patch(Patch.fromJson(ops)).by("bench"));
  }

  /** Applying the patch alone (copy-on-write). */
  @Benchmark
  public ContextDocument apply() {
    return forward.apply(base);
  }

  /** Canonical JSON and SHA-256 of a freshly built 350 KB document. */
  @Benchmark
  public String hash() {
    return InternalAccess.wrap(InternalAccess.tree(edited)).hash();
  }

  /**
   * Token count of the edited document with every string already counted once: a walk of the
   * whole document, since each call wraps its tree in a new document, which holds no total kept
   * by an earlier count.
   */
  @Benchmark
  public long tokens() {
    return tokens.count(InternalAccess.wrap(InternalAccess.tree(edited)));
  }
}
