package dev.sharedcontext.core.store;

import java.util.ArrayList;
import java.util.List;

/** Records every change and deletion it is given, in arrival order. */
public final class RecordingListener implements ContextListener {
  public record Deletion(String projectId, DeleteReason reason) {}

  private final List<ContextChange> changes = new ArrayList<>();
  private final List<Deletion> deletions = new ArrayList<>();

  @Override
  public synchronized void onCommit(ContextChange change) {
    changes.add(change);
  }

  @Override
  public synchronized void onDelete(String projectId, DeleteReason reason) {
    deletions.add(new Deletion(projectId, reason));
  }

  public synchronized List<ContextChange> changes() {
    return List.copyOf(changes);
  }

  public synchronized List<Deletion> deletions() {
    return List.copyOf(deletions);
  }
}
