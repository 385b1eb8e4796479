package dev.sharedcontext.core;

/**
 * A well-formed patch that does not apply to the document it was applied to: a path that does
 * not exist, an array index past the end, a failing {@code test}, an {@code x-text} edit whose
 * lines are not there. The document is left untouched (patches apply all or nothing).
 * On the wire: 422 {@code PATCH_FAILED}.
 */
public class PatchFailedException extends ContextException {
  private static final long serialVersionUID = 1L;

  private final int operationIndex;
  private final String path;

  /**
   * @param operationIndex zero-based index of the failing operation in its patch
   * @param path the JSON pointer of the failing operation, as written in the patch
   */
  public PatchFailedException(int operationIndex, String path, String message) {
    super("PATCH_FAILED", "operation " + operationIndex + " (" + path + "): " + message);
    this.operationIndex = operationIndex;
    this.path = path;
  }

  /** Zero-based index of the operation that failed. */
  public int operationIndex() {
    return operationIndex;
  }

  /** The pointer of the operation that failed, as written in the patch. */
  public String path() {
    return path;
  }
}
