package dev.sharedcontext.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.client.ClientListener;
import dev.sharedcontext.client.SharedContextClient;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.util.Objects;

/**
 * A tiny agent, the subject of {@code TaskAgentTest}: whenever the shared context has a
 * {@code /currentTask}, it "does" it: moves it to the end of {@code /completedTasks} and clears
 * {@code /currentTask}, in one commit. It reacts to its client's events, so it also catches up on a
 * task set while it was disconnected.
 *
 * <p>Start it with {@link #start(SharedContextClient)}; it stops when its client is closed.
 */
public final class TaskAgent implements ClientListener {
  private final SharedContextClient client;

  private TaskAgent(SharedContextClient client) {
    this.client = client;
  }

  /** Makes {@code client}'s agent do the tasks it sees; does any task already there. */
  public static TaskAgent start(SharedContextClient client) {
    TaskAgent agent = new TaskAgent(Objects.requireNonNull(client, "client"));
    client.addListener(agent);
    agent.work();
    return agent;
  }

  @Override
  public void onSnapshot(long version, ContextDocument context) {
    work();
  }

  @Override
  public void onUpdate(long version, Patch patch, String agentId, long tokensSaved) {
    work();
  }

  @Override
  public void onResynced(long fromVersion, long toVersion) {
    work();
  }

  /** Does the current task, if there is one (a no-op commit otherwise: nothing is sent). */
  private void work() {
    if (client.cached().map(c -> hasTask(c.document())).orElse(false)) {
      client.update(TaskAgent::completeTask); // retried on a conflict with a fresh read
    }
  }

  private static boolean hasTask(ContextDocument d) {
    JsonNode task = d.toJsonNode().path("currentTask");
    return task.isTextual() && !task.asText().isEmpty();
  }

  /** The document with its current task moved to the completed ones; unchanged if there is none. */
  static ContextDocument completeTask(ContextDocument d) {
    if (!hasTask(d)) {
      return d;
    }
    ObjectNode root = (ObjectNode) d.toJsonNode(); // a fresh copy, ours to change
    JsonNode done = root.path("completedTasks");
    ArrayNode completed = done.isArray() ? (ArrayNode) done : root.putArray("completedTasks");
    completed.add(root.get("currentTask").asText());
    root.put("currentTask", "");
    return ContextDocument.of(root);
  }
}
