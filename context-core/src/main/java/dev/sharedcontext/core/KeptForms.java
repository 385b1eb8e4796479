package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The forms a digest keeps for the next document's (see {@link CanonicalBytes#FORM_MAX_BYTES}):
 * those of subtrees it passed over, as the source kept them, and those of subtrees it wrote or
 * copied, none inside another. A subtree ends after every subtree inside it, so the kept ones
 * inside a subtree being kept are the last kept, each beginning after it: they are dropped for it.
 */
final class KeptForms {
  private final IdentityHashMap<JsonNode, byte[]> forms;
  /** The subtrees kept by {@link #ended}, in the order they ended, and where each began. */
  private final List<JsonNode> ended = new ArrayList<>();
  private long[] starts = new long[16];

  /** @param expected about how many will be kept (the source's count) */
  KeptForms(int expected) {
    this.forms = new IdentityHashMap<>(expected);
  }

  /** A subtree passed over whole: it keeps the form the source kept, and nothing is inside it here. */
  void passedOver(JsonNode node, byte[] form) {
    forms.put(node, form);
  }

  /** A subtree that began at {@code start} in the form has just ended; kept in place of those inside it. */
  void ended(JsonNode node, long start, byte[] form) {
    int n = ended.size();
    while (n > 0 && starts[n - 1] >= start) {
      forms.remove(ended.remove(--n));
    }
    forms.put(node, form);
    ended.add(node);
    if (n == starts.length) {
      starts = Arrays.copyOf(starts, n * 2);
    }
    starts[n] = start;
  }

  /** What was kept, for the document's encodings; no longer changed. */
  IdentityHashMap<JsonNode, byte[]> forms() {
    return forms;
  }
}
