package dev.sharedcontext.benchmarks;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.internal.InternalAccess;
import dev.sharedcontext.traces.TraceContexts;
import java.util.Map;

/** A trace state as a context document, and back (see {@link TraceContexts}). */
final class TraceDocuments {
  private TraceDocuments() {}

  static ContextDocument toDocument(Map<String, String> state) {
    return ContextDocument.of(TraceContexts.toJson(state));
  }

  static Map<String, String> toState(ContextDocument document) {
    return TraceContexts.toState(InternalAccess.tree(document));
  }
}
