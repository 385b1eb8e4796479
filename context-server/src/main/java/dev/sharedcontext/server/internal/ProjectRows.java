package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.ContextVersion;
import dev.sharedcontext.core.store.ProjectSummary;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code projects} event of the metrics stream: one row per project, the most recently
 * changed first, at most {@code metricsMaxContexts} of them. {@code /metrics} lists the largest
 * contexts; a dashboard wants the busy ones, and the agent and time of their last change.
 *
 * <pre>{@code {"total": 3, "projects": [{"projectId", "version", "oldestVersion", "versions",
 *   "size", "tokens", "historyBytes", "subscribers", "agentId", "timestamp"}]}}</pre>
 */
final class ProjectRows {
  private ProjectRows() {}

  static byte[] json(ServerRuntime rt) {
    List<ProjectSummary> all;
    try {
      all = rt.store.projects();
    } catch (RuntimeException e) {
      all = List.of(); // a closed or unreachable store: the metrics event says what is known
    }
    List<ProjectSummary> rows = all.stream()
        .sorted(Comparator.comparing((ProjectSummary p) -> p.head().timestamp()).reversed()
            .thenComparing(ProjectSummary::projectId))
        .limit(rt.options.metricsMaxContexts())
        .toList();
    JsonOut out = JsonOut.bytes().startObject()
        .field("total", all.size());
    out.name("projects").startArray();
    for (ProjectSummary p : rows) {
      ContextVersion head = p.head();
      out.startObject()
          .field("projectId", p.projectId())
          .field("version", head.version())
          .field("oldestVersion", p.oldestVersion())
          .field("versions", p.versionsRetained())
          .field("size", head.sizeBytes())
          .field("tokens", head.tokens())
          .field("historyBytes", p.historyBytes())
          .field("subscribers", rt.feeds.count(p.projectId()))
          .field("agentId", head.agentId())
          .field("timestamp", Timestamps.format(head.timestamp()))
          .endObject();
    }
    return out.endArray().endObject().toByteArray();
  }
}
