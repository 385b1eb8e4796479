package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.internal.InternalAccess;
import org.junit.jupiter.api.Test;

/**
 * A document made from another by a patch writes its canonical form from the other's encodings
 * of the long strings they share (see {@code CanonicalBytes}), and keeps its own, not its
 * source's, once it has them.
 */
class DerivedEncodingsTest {
  private static final String KEPT = "kept text \"quoted\" é\n".repeat(40);
  private static final String EDITED = "line of the edited file\n".repeat(40);

  private static ContextDocument document() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode files = root.putObject("files");
    files.put("a.txt", KEPT);
    files.put("b.txt", EDITED);
    files.put("short", "under the cached length");
    return ContextDocument.of(root);
  }

  private static Patch editOfB() {
    return Patch.parse("[{\"op\":\"x-text\",\"path\":\"/files/b.txt\",\"hunks\":[[3,1,\"a changed line\\n\"]]}]");
  }

  @Test
  void aPatchedDocumentReusesItsSourcesEncodingsOfTheStringsTheyShare() {
    ContextDocument before = document();
    before.hash();
    String kept = InternalAccess.tree(before).at("/files/a.txt").textValue();
    String oldB = InternalAccess.tree(before).at("/files/b.txt").textValue();

    ContextDocument after = editOfB().apply(before);
    assertThat(after.holdsInherited()).isTrue();
    String hash = after.hash();
    String newB = InternalAccess.tree(after).at("/files/b.txt").textValue();

    assertThat(after.encodingOf(kept)).isSameAs(before.encodingOf(kept)).isNotNull();
    assertThat(after.encodingOf(newB)).isNotNull().isNotSameAs(before.encodingOf(oldB));
    assertThat(after.holdsInherited()).as("no chain of versions through their encodings").isFalse();
    // Whatever was reused, the form is the one written from scratch.
    ContextDocument fresh = ContextDocument.parse(after.canonicalJson());
    assertThat(hash).isEqualTo(fresh.hash()).isEqualTo(CanonicalJson.sha256Hex(
        CanonicalBytes.write(InternalAccess.tree(after), CanonicalEncodings.NONE).bytes()));
    assertThat(after.canonicalBytes()).isEqualTo(fresh.canonicalBytes());
  }

  @Test
  void aDocumentMadeFromOneThatNeverWroteItsFormTakesThatOnesSource() {
    ContextDocument first = document();
    first.hash();
    String kept = InternalAccess.tree(first).at("/files/a.txt").textValue();
    ContextDocument second = editOfB().apply(first); // never hashed
    ContextDocument third = Patch.parse("[{\"op\":\"add\",\"path\":\"/files/c\",\"value\":1}]").apply(second);

    third.canonicalBytes(); // the bytes first, this time
    assertThat(third.encodingOf(kept)).isSameAs(first.encodingOf(kept));
    assertThat(third.hash()).isEqualTo(ContextDocument.parse(third.canonicalJson()).hash());
    assertThat(second.holdsInherited()).isTrue();
    assertThat(third.holdsInherited()).isFalse();
  }

  @Test
  void anInvertibleApplicationAndItsInverseAgreeWithFreshDocuments() {
    ContextDocument before = document();
    before.hash();
    Patch.Applied applied = editOfB().applyInvertible(before);
    ContextDocument back = applied.inverse().apply(applied.document());
    assertThat(applied.document().hash()).isEqualTo(ContextDocument.parse(applied.document().canonicalJson()).hash());
    assertThat(back.hash()).isEqualTo(before.hash());
    assertThat(back).isEqualTo(before);
  }
}
