package dev.sharedcontext.core.window.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.JsonPointer;
import dev.sharedcontext.core.internal.Abbreviation;
import dev.sharedcontext.core.internal.InternalAccess;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.Window;
import dev.sharedcontext.core.window.WindowReference;
import dev.sharedcontext.core.window.WindowRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds token-budgeted windows.
 *
 * <p>The parts ("elements") are the leaves of the object structure: every member of an object
 * that is not itself a non-empty object (strings, arrays, scalars). They are ranked by priority,
 * then smallest first, and admitted in that order while an estimate of the window stays within
 * the budget; the first part of a priority level that does not fit stops the admission, so no
 * lower level is admitted while a higher part is out. An object none of whose parts was admitted
 * collapses into one reference. The finished window is then counted exactly, wrapping and all,
 * and parts are taken back, lowest rank first, until it fits; if even the bare skeleton does not,
 * the whole context becomes one reference.
 *
 * <p>A context of many parts (a project's files) leaves too little of a small budget once each
 * part left out costs a reference of its own. So a second window is made where the parts an object
 * leaves out, when there are two or more, share one reference, kept under the reserved member
 * {@value #REST} and pointing at the object itself (resolving it gives the whole object, exactly).
 * Admission keeps the ranking (what is kept is always a prefix of the ranked parts, so priorities
 * stay strict); the longest prefix that fits is found by bisection, each candidate counted
 * exactly. The window that keeps more tokens of the context wins; on a tie, the one without
 * shared references.
 */
public final class WindowBuilder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Estimate slack per admitted part: the structural characters around a value may count differently. */
  private static final int SLACK_TOKENS = 2;
  private static final int SUMMARY_CHARS = 80;
  /** Lines of a text a summary looks through for one that is not blank. */
  private static final int SUMMARY_LINES = 32;
  /** The member that holds the shared reference to what an object leaves out. */
  public static final String REST = "$rest";

  private WindowBuilder() {}

  private record Element(JsonPointer path, JsonNode node, int priority, long tokens, long refTokens) {}

  public static Window build(ContextDocument document, WindowRequest request, TokenCounter counter) {
    JsonNode root = InternalAccess.tree(document);
    Counted whole = finish(request, counter, root, List.of());
    if (whole.tokens <= request.budget()) {
      return whole.toWindow(request, document, true);
    }
    List<Element> elements = new ArrayList<>();
    collect(root, JsonPointer.ROOT, request, counter, elements);
    elements.sort(Comparator.comparingInt(Element::priority).reversed()
        .thenComparingLong(Element::tokens)
        .thenComparing(e -> e.path().toString()));

    List<Element> admitted = new ArrayList<>();
    // The estimate starts from every part referenced on its own, and admitting a part takes off
    // its reference (in place and in the list) and adds the part.
    Holder none = new Holder(Set.of(), new ArrayList<>(), false);
    JsonNode skeleton = render(root, JsonPointer.ROOT, Set.of(), request, counter, false, none);
    long estimate = finish(request, counter, skeleton, none.refs).tokens;
    for (Element e : elements) {
      long delta = e.tokens() - e.refTokens() + SLACK_TOKENS;
      if (estimate + delta <= request.budget()) {
        admitted.add(e);
        estimate += delta;
      } else {
        // Parts of this level come smallest first, so none after this one fits; lower levels may
        // not be admitted while this one is out.
        break;
      }
    }
    Counted perPart = null;
    long perPartKept = 0;
    while (perPart == null) {
      Counted window = render(root, admitted, request, counter, false);
      if (window.tokens <= request.budget()) {
        perPart = window;
        perPartKept = keptTokens(admitted, admitted.size());
      } else if (admitted.isEmpty()) {
        break;
      } else {
        admitted.remove(admitted.size() - 1);
      }
    }
    Counted grouped = null;
    long groupedKept = 0;
    int k = longestFittingPrefix(root, elements, request, counter);
    if (k > 0) {
      grouped = render(root, elements.subList(0, k), request, counter, true);
      groupedKept = keptTokens(elements, k);
    }
    if (grouped != null && groupedKept > perPartKept) {
      return grouped.toWindow(request, document, false);
    }
    if (perPart != null) {
      return perPart.toWindow(request, document, false);
    }
    List<WindowReference> refs = new ArrayList<>();
    Counted single = finish(request, counter, reference(root, JsonPointer.ROOT, request, counter, refs), refs);
    if (single.tokens > request.budget()) {
      throw new InvalidInputException("a budget of " + request.budget() + " tokens cannot hold even a reference to "
          + "the whole context (" + single.tokens + " tokens)");
    }
    return single.toWindow(request, document, false);
  }

  /**
   * The most ranked parts, 0 to all, that fit together in a window with shared references.
   * Bisection: a window's count grows with what it keeps, give or take the few tokens by which a
   * shared reference's summary changes, so the prefix found fits (each candidate is counted
   * exactly) and is the longest or within a part or two of it.
   */
  private static int longestFittingPrefix(JsonNode root, List<Element> ranked, WindowRequest request,
      TokenCounter counter) {
    int fits = 0;
    int over = ranked.size() + 1;
    while (over - fits > 1) {
      int mid = (fits + over) >>> 1;
      if (render(root, ranked.subList(0, mid), request, counter, true).tokens <= request.budget()) {
        fits = mid;
      } else {
        over = mid;
      }
    }
    return fits;
  }

  private static long keptTokens(List<Element> ranked, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += ranked.get(i).tokens();
    }
    return sum;
  }

  private static void collect(JsonNode node, JsonPointer path, WindowRequest request, TokenCounter counter,
      List<Element> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), path.append(e.getKey()), request, counter, out);
      }
      return;
    }
    long tokens = counter.count(node);
    ObjectNode entry = NODES.objectNode().put("ref", link(request, path)).put("path", path.toString()).put("tokens", tokens);
    long refTokens = counter.count(placeholder(node, path, request.version(), tokens)) + counter.count(entry);
    out.add(new Element(path, node, request.rules().priorityOf(path), tokens, refTokens));
  }

  private static Counted render(JsonNode root, List<Element> admitted, WindowRequest request, TokenCounter counter,
      boolean shareRest) {
    Set<JsonPointer> keep = new HashSet<>();
    Set<JsonPointer> onPath = new HashSet<>();
    for (Element e : admitted) {
      keep.add(e.path());
      JsonPointer p = e.path();
      while (!p.isRoot()) {
        p = p.parent();
        onPath.add(p);
      }
    }
    List<WindowReference> refs = new ArrayList<>();
    JsonNode context = render(root, JsonPointer.ROOT, keep, request, counter, true, new Holder(onPath, refs, shareRest));
    return finish(request, counter, context, refs);
  }

  /** @param shareRest whether the parts an object leaves out share one {@value #REST} reference */
  private record Holder(Set<JsonPointer> onPath, List<WindowReference> refs, boolean shareRest) {}

  /**
   * The window of {@code node}: kept parts as they are, the others as references. With
   * {@code collapse}, an object with nothing kept below it becomes one reference; without it
   * (for the first estimate), every part gets its own.
   */
  private static JsonNode render(JsonNode node, JsonPointer path, Set<JsonPointer> keep, WindowRequest request,
      TokenCounter counter, boolean collapse, Holder holder) {
    if (node.isObject() && !node.isEmpty()) {
      boolean anyKept = holder.onPath.contains(path) || keep.contains(path);
      if (collapse && !anyKept && !path.isRoot()) {
        return reference(node, path, request, counter, holder.refs);
      }
      ObjectNode out = NODES.objectNode();
      List<String> leftOut = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonPointer member = path.append(e.getKey());
        if (holder.shareRest && !holder.onPath.contains(member) && !keep.contains(member)) {
          leftOut.add(e.getKey());
        } else {
          out.set(e.getKey(), render(e.getValue(), member, keep, request, counter, collapse, holder));
        }
      }
      if (leftOut.size() >= 2 && !node.has(REST)) {
        out.set(REST, restReference(node, path, leftOut, request, counter, holder.refs));
      } else {
        for (String name : leftOut) {
          JsonPointer member = path.append(name);
          out.set(name, render(node.get(name), member, keep, request, counter, collapse, holder));
        }
      }
      return out;
    }
    if (keep.contains(path)) {
      return node;
    }
    return reference(node, path, request, counter, holder.refs);
  }

  private static JsonNode reference(JsonNode node, JsonPointer path, WindowRequest request, TokenCounter counter,
      List<WindowReference> refs) {
    long tokens = counter.count(node);
    ObjectNode placeholder = placeholder(node, path, request.version(), tokens);
    refs.add(new WindowReference(link(request, path), path.toString(), request.version(), tokens,
        placeholder.get("summary").textValue()));
    return placeholder;
  }

  /**
   * The one reference an object's left-out members share: to the object itself (what resolving
   * gives is exact; the members shown are in it too), its summary naming how many are not shown.
   */
  private static JsonNode restReference(JsonNode object, JsonPointer path, List<String> leftOut, WindowRequest request,
      TokenCounter counter, List<WindowReference> refs) {
    long tokens = counter.count(object);
    String shown = String.join(", ", leftOut.subList(0, Math.min(3, leftOut.size())));
    String summary = clip(leftOut.size() + " of " + object.size() + " members not shown: " + shown
        + (leftOut.size() > 3 ? ", …" : ""));
    ObjectNode ref = NODES.objectNode();
    ref.put("$ref", path.toString());
    ref.put("version", request.version());
    ref.put("tokens", tokens);
    ref.put("summary", summary);
    refs.add(new WindowReference(link(request, path), path.toString(), request.version(), tokens, summary));
    return ref;
  }

  private static ObjectNode placeholder(JsonNode node, JsonPointer path, long version, long tokens) {
    ObjectNode ref = NODES.objectNode();
    ref.put("$ref", path.toString());
    ref.put("version", version);
    ref.put("tokens", tokens);
    ref.put("summary", summary(node));
    return ref;
  }

  /** At most {@value #SUMMARY_CHARS} characters: a reference must stay small whatever it stands for. */
  static String summary(JsonNode node) {
    return clip(describe(node));
  }

  private static String clip(String s) {
    return Abbreviation.of(s, SUMMARY_CHARS, SUMMARY_CHARS - 1, "…");
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      String line = firstNonBlankLine(text);
      return line != null ? line : "(blank text of " + text.length() + " chars)";
    }
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
      return "object of " + names.size() + " members: " + shown + (names.size() > 3 ? ", …" : "");
    }
    if (node.isArray()) {
      return "array of " + node.size() + " items";
    }
    return node.toString();
  }

  /**
   * The first of the first {@value #SUMMARY_LINES} lines of {@code text} that is not blank,
   * stripped; the last of them is the rest of the text. Null if all are blank. (What
   * {@code text.split("\n", SUMMARY_LINES)} would give, without cutting a whole file into lines
   * for every reference to it.)
   */
  static String firstNonBlankLine(String text) {
    int from = 0;
    for (int line = 1; line <= SUMMARY_LINES; line++) {
      int end = line == SUMMARY_LINES ? -1 : text.indexOf('\n', from);
      String trimmed = text.substring(from, end < 0 ? text.length() : end).strip();
      if (!trimmed.isEmpty()) {
        return trimmed;
      }
      if (end < 0) {
        return null;
      }
      from = end + 1;
    }
    return null;
  }

  private static String link(WindowRequest request, JsonPointer path) {
    return "/context/" + request.projectId() + "/ref?path=" + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8)
        + "&version=" + request.version();
  }

  /** A rendered window with its exact token count. */
  private record Counted(JsonNode context, List<WindowReference> refs, long tokens) {
    /** {@code from}: the context the window is cut from, whose strings a window keeps as they are. */
    Window toWindow(WindowRequest request, ContextDocument from, boolean complete) {
      return new Window(request.projectId(), request.version(), request.budget(), tokens,
          InternalAccess.derive(context, from), refs, complete);
    }
  }

  /**
   * Counts the wire object exactly. Its own {@code tokens} field is part of what is counted, so
   * the count is repeated until it no longer changes it (twice, in practice).
   */
  private static Counted finish(WindowRequest request, TokenCounter counter, JsonNode context,
      List<WindowReference> refs) {
    long tokens = request.budget();
    for (int i = 0; i < 4; i++) {
      long counted = counter.count(wire(request.projectId(), request.version(), request.budget(), tokens, context, refs));
      if (counted == tokens) {
        break;
      }
      tokens = counted;
    }
    return new Counted(context, refs, tokens);
  }

  public static ObjectNode toJson(Window window) {
    return wire(window.projectId(), window.version(), window.budget(), window.tokens(),
        window.context().toJsonNode(), window.references());
  }

  /**
   * The wire form as a document: the same as {@code ContextDocument.of(window.toJson())}, without
   * copying the context twice, and writing its canonical form from the encodings of the
   * document the window was cut from (its kept strings are that document's). Still validated:
   * summaries and paths are made here.
   */
  public static ContextDocument wireDocument(Window window) {
    ObjectNode wire = wire(window.projectId(), window.version(), window.budget(), window.tokens(),
        InternalAccess.tree(window.context()), window.references());
    return InternalAccess.deriveValidated(wire, window.context());
  }

  private static ObjectNode wire(String projectId, long version, int budget, long tokens, JsonNode context,
      List<WindowReference> refs) {
    ObjectNode o = NODES.objectNode();
    o.put("projectId", projectId);
    o.put("version", version);
    o.put("budget", budget);
    o.put("tokens", tokens);
    o.set("context", context);
    ArrayNode list = o.putArray("references");
    for (WindowReference r : refs) {
      list.addObject().put("ref", r.ref()).put("path", r.path()).put("tokens", r.tokens());
    }
    return o;
  }
}
