package dev.sharedcontext.core.window;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.tokens.TokenCounter;
import dev.sharedcontext.core.window.internal.WindowBuilder;
import java.util.List;
import java.util.Objects;

/**
 * A view of one version of a context that fits a token budget. What does not fit is replaced, in
 * place, by a reference object {@code {"$ref": path, "version": N, "tokens": T, "summary": S}}
 * and listed in {@link #references()}; nothing is thrown away, since every reference resolves to
 * the exact original at that version. When an object shows some members and leaves two or more
 * out, those may share one reference, to the object itself, under the member {@code "$rest"}
 * (its summary says how many are not shown and names the first); this is used when it lets the
 * window keep more of the context (an object that has a real {@code "$rest"} member never gets
 * one).
 *
 * <p>{@link #tokens()} is the exact count of {@link #toJson()} — the whole wire object, wrapping
 * included — by the counter the window was made with, and never exceeds the budget.
 *
 * @param projectId the project
 * @param version the version the window shows
 * @param budget the budget asked for
 * @param tokens tokens of {@link #toJson()}
 * @param context the trimmed context
 * @param references what was left out, in document order
 * @param complete true if nothing was left out
 */
public record Window(String projectId, long version, int budget, long tokens, ContextDocument context,
    List<WindowReference> references, boolean complete) {

  public Window {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(context, "context");
    references = List.copyOf(references);
  }

  /**
   * The window of {@code document} for {@code request}: everything when it fits, otherwise the
   * parts of highest priority (smallest first within a priority) that fit, the rest referenced.
   * A part of lower priority is never kept while one of higher priority is left out.
   */
  public static Window of(ContextDocument document, WindowRequest request, TokenCounter counter) {
    return WindowBuilder.build(document, request, counter);
  }

  /** The wire form: {@code {projectId, version, budget, tokens, context, references: [{ref, path, tokens}]}}. */
  public ObjectNode toJson() {
    return WindowBuilder.toJson(this);
  }
}
