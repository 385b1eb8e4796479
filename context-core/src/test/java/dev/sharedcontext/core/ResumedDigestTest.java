package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.internal.InternalAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A document made from another by a patch is hashed from the last SHA-256 state its source's
 * digest left before the first byte the patch changed (see {@code CanonicalBytes.MARK_BYTES} and
 * {@code CanonicalPrefix}): the hash is the one of the form written from scratch, and only the
 * bytes from that state on are hashed.
 */
class ResumedDigestTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] PIECES = {"text ", "line\n", "\"q\"", "é", "日本", "😀", "\\", "\t", "\u0001", "x"};

  private static String text(Random random, int chars) {
    StringBuilder b = new StringBuilder(chars + 8);
    while (b.length() < chars) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  private static ObjectNode files(int count, int chars, Random random) {
    ObjectNode root = F.objectNode();
    ObjectNode files = root.putObject("files");
    for (int i = 0; i < count; i++) {
      files.put(String.format("src/f%03d.ts", i), text(random, chars));
    }
    return root;
  }

  private static String fullHash(JsonNode tree) {
    return CanonicalJson.sha256Hex(CanonicalBytes.write(tree, CanonicalEncodings.NONE).bytes());
  }

  @Test
  void anEditNearTheEndHashesOnlyTheLastMarksWorth() {
    ContextDocument before = ContextDocument.of(files(100, 2_000, new Random(1)));
    CanonicalBytes.Digest first = CanonicalBytes.digest(InternalAccess.tree(before), CanonicalEncodings.NONE);
    assertThat(first.hashed()).isEqualTo(first.size());

    ContextDocument after = Patch.parse("[{\"op\":\"replace\",\"path\":\"/files/src~1f098.ts\",\"value\":\"new\"}]")
        .apply(before);
    JsonNode tree = InternalAccess.tree(after);
    CanonicalBytes.Digest next = CanonicalBytes.digest(tree, first.encodings());

    assertThat(CanonicalJson.hex(next.sha256())).isEqualTo(fullHash(tree));
    assertThat(next.size()).isEqualTo(CanonicalBytes.write(tree, CanonicalEncodings.NONE).bytes().length);
    assertThat(next.hashed()).as("of %d bytes", next.size())
        .isLessThanOrEqualTo(CanonicalBytes.MARK_BYTES + 3 * 2_500L);

    // And on from that one's marks: an edit of the first file hashes nearly all again.
    ContextDocument third = Patch.parse("[{\"op\":\"replace\",\"path\":\"/files/src~1f000.ts\",\"value\":\"new\"}]")
        .apply(after);
    CanonicalBytes.Digest last = CanonicalBytes.digest(InternalAccess.tree(third), next.encodings());
    assertThat(CanonicalJson.hex(last.sha256())).isEqualTo(fullHash(InternalAccess.tree(third)));
    assertThat(last.hashed()).isEqualTo(last.size());
  }

  @Test
  void aTextEditInTheMiddleOfALongStringResumesWithinIt() {
    Random random = new Random(2);
    ObjectNode root = F.objectNode();
    root.put("big", text(random, 100_000));
    ContextDocument before = ContextDocument.of(root);
    CanonicalBytes.Digest first = CanonicalBytes.digest(InternalAccess.tree(before), CanonicalEncodings.NONE);

    ObjectNode edited = root.deepCopy();
    String big = root.get("big").textValue();
    int at = big.length() * 3 / 4;
    edited.put("big", big.substring(0, at) + "an edit\n" + big.substring(at));
    ContextDocument after = Patch.diff(before, ContextDocument.of(edited)).apply(before);
    CanonicalBytes.Digest next = CanonicalBytes.digest(InternalAccess.tree(after), first.encodings());

    assertThat(CanonicalJson.hex(next.sha256())).isEqualTo(fullHash(edited));
    assertThat(next.hashed()).as("of %d bytes", next.size()).isLessThan(next.size() / 2);
  }

  /**
   * The first changed byte at each offset around a mark: a mark taken one byte past the common
   * prefix would hash a byte of the old form. {@code {"big":"} is 8 bytes, so the char at index i
   * is the byte at 8 + i; a surrogate pair's two halves are 4 bytes, of which 😀 (D83D DE00) and
   * 💩 (D83D DCA9) share the first two and their high surrogate.
   */
  @Test
  void aChangeAtAnyByteAroundAMarkHashesAsWrittenFromScratch() {
    String base = "a".repeat(3 * CanonicalBytes.MARK_BYTES);
    for (long mark : new long[] {CanonicalBytes.MARK_BYTES, 2L * CanonicalBytes.MARK_BYTES}) {
      for (int offset = (int) mark - 5; offset <= mark + 5; offset++) {
        int index = offset - 8;
        String ascii = base.substring(0, index) + "b" + base.substring(index + 1);
        String pairBefore = base.substring(0, index) + "😀" + base.substring(index + 2);
        String pairAfter = base.substring(0, index) + "💩" + base.substring(index + 2);
        assertResumedHash(base, ascii, offset);
        assertResumedHash(pairBefore, pairAfter, offset);
        assertResumedHash(ascii, base, offset);
      }
    }
  }

  /**
   * The same around a mark inside an object of several members: a member changed, removed or
   * added there, with the member before it stretched so that the first changed byte falls on
   * each offset around the mark.
   */
  @Test
  void aMemberChangedAddedOrRemovedAtAnyByteAroundAMarkHashesAsWrittenFromScratch() {
    for (int target = CanonicalBytes.MARK_BYTES - 4; target <= CanonicalBytes.MARK_BYTES + 4; target++) {
      ObjectNode probe = members(0);
      String form = new String(CanonicalBytes.write(probe, CanonicalEncodings.NONE).bytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      int stretch = target - (form.indexOf("\"a5\":") + 6); // where a5's value's first char is
      ObjectNode before = members(stretch);
      ObjectNode changed = before.deepCopy().put("a5", "Xsame tail");
      ObjectNode removed = before.deepCopy();
      removed.remove("a5");
      ObjectNode added = before.deepCopy().put("a45", "new");
      CanonicalBytes.Digest first = CanonicalBytes.digest(before, CanonicalEncodings.NONE);
      for (ObjectNode after : List.of(changed, removed, added)) {
        CanonicalBytes.Digest next = CanonicalBytes.digest(after, first.encodings());
        assertThat(CanonicalJson.hex(next.sha256())).as("first change near byte %d: %s", target,
            after.fieldNames().hasNext()).isEqualTo(fullHash(after));
      }
    }
  }

  /** {@code {"a0": ..., "a9": ...}}, a0's value stretched by {@code stretch} chars. */
  private static ObjectNode members(int stretch) {
    ObjectNode o = F.objectNode();
    o.put("a0", "a".repeat(CanonicalBytes.MARK_BYTES / 2 + stretch));
    for (int i = 1; i < 10; i++) {
      o.put("a" + i, (i == 5 ? "s" : "v") + "same tail".repeat(i < 5 ? 20 * i : 200 * i));
    }
    return o;
  }

  private static void assertResumedHash(String before, String after, int offset) {
    ObjectNode was = F.objectNode().put("big", before);
    ObjectNode is = F.objectNode().put("big", after);
    CanonicalBytes.Digest first = CanonicalBytes.digest(was, CanonicalEncodings.NONE);
    CanonicalBytes.Digest next = CanonicalBytes.digest(is, first.encodings());
    assertThat(CanonicalJson.hex(next.sha256())).as("a change at byte %d", offset).isEqualTo(fullHash(is));
    long resumedAt = offset / CanonicalBytes.MARK_BYTES * CanonicalBytes.MARK_BYTES;
    assertThat(next.hashed()).as("a change at byte %d", offset).isEqualTo(next.size() - resumedAt);
  }

  @Test
  void aFormWrittenBeforeItWasHashedLeavesMarksToo() {
    ContextDocument before = ContextDocument.of(files(40, 2_000, new Random(3)));
    before.canonicalBytes(); // written first: its hash then comes from these bytes
    before.hash();
    ContextDocument after = Patch.parse("[{\"op\":\"remove\",\"path\":\"/files/src~1f039.ts\"}]").apply(before);
    ContextDocument fresh = ContextDocument.parse(after.canonicalJson());
    assertThat(after.hash()).isEqualTo(fresh.hash());
    after.canonicalBytes(); // written after its hash: the marks stay
    ContextDocument again = Patch.parse("[{\"op\":\"add\",\"path\":\"/files/zz\",\"value\":[1,2.5,true,null]}]")
        .apply(after);
    assertThat(again.hash()).isEqualTo(ContextDocument.parse(again.canonicalJson()).hash());
  }

  /** {"tasks": {"task-0000": {"title", "status", "owner", "estimate", "tags": [...]}, ...}}, some notes long. */
  private static ObjectNode tasks(int count, Random random) {
    ObjectNode root = F.objectNode();
    ObjectNode tasks = root.putObject("tasks");
    for (int i = 0; i < count; i++) {
      ObjectNode task = tasks.putObject(String.format("task-%04d", i));
      task.put("title", "part " + i + " " + text(random, 10)).put("status", "open").put("estimate", i % 13);
      task.putArray("tags").add("t" + i % 5).add(i % 3 == 0 ? F.nullNode() : F.booleanNode(i % 2 == 0));
      if (i % 40 == 0) {
        task.put("notes", text(random, 600));
      }
    }
    root.put("zLast", "after the tasks");
    return root;
  }

  /**
   * A context of many small objects, changed at random places and depths by patches, each version
   * from the one before (the store's way): every hash is the one written from scratch, and an
   * object that lies wholly before the mark the digest goes on from is passed over, not written.
   * The long strings of what was passed over stay the new document's own: the next version's
   * digest finds their encodings.
   */
  @Test
  void objectsBeforeTheMarkArePassedOverNotWritten() {
    Random random = new Random(7);
    ContextDocument held = ContextDocument.of(tasks(1_500, random));
    CanonicalBytes.Digest digest = CanonicalBytes.digest(InternalAccess.tree(held), CanonicalEncodings.NONE);
    assertThat(digest.passedOver()).isZero();
    long passed = 0;
    long total = 0;
    for (int step = 0; step < 300; step++) {
      String task = String.format("/tasks/task-%04d", random.nextInt(1_500));
      String op = switch (random.nextInt(6)) {
        case 0 -> "{\"op\":\"replace\",\"path\":\"" + task + "/status\",\"value\":\"s" + step + "\"}";
        case 1 -> "{\"op\":\"add\",\"path\":\"" + task + "/tags/-\",\"value\":" + step + "}";
        case 2 -> "{\"op\":\"replace\",\"path\":\"" + task + "/estimate\",\"value\":" + (step * 0.5) + "}";
        case 3 -> "{\"op\":\"add\",\"path\":\"" + task + "/extra" + step + "\",\"value\":{\"k\":[1,\"x\"]}}";
        case 4 -> "{\"op\":\"replace\",\"path\":\"/zLast\",\"value\":\"end " + step + "\"}";
        default -> "{\"op\":\"remove\",\"path\":\"" + task + "/title\"}";
      };
      ContextDocument next = appliedOrNull(op, held);
      if (next == null) {
        continue; // a title removed before
      }
      JsonNode tree = InternalAccess.tree(next);
      CanonicalBytes.Digest d = CanonicalBytes.digest(tree, digest.encodings());
      assertThat(CanonicalJson.hex(d.sha256())).as("step %d: %s", step, op).isEqualTo(fullHash(tree));
      assertThat(d.size()).isEqualTo(CanonicalBytes.write(tree, CanonicalEncodings.NONE).bytes().length);
      assertThat(d.passedOver() + d.hashed()).as("step %d", step).isLessThanOrEqualTo(d.size());
      passed += d.passedOver();
      total += d.size();
      held = next;
      digest = d;
    }
    assertThat(passed).as("bytes passed over, of %d", total).isGreaterThan(total / 4);

    String notes = InternalAccess.tree(held).get("tasks").get("task-0000").get("notes").textValue();
    assertThat(digest.encodings().get(notes)).as("a long string of what was passed over").isNotNull();
  }

  /**
   * A digest keeps the forms of the objects and arrays of 64 bytes to 4 KB that hold no long
   * string, none inside another kept one: each the subtree's exact bytes, together no more bytes
   * than the whole form.
   */
  @Test
  void smallSubtreesKeepTheirFormsNoneInsideAnother() {
    Random random = new Random(11);
    ObjectNode root = F.objectNode();
    ObjectNode big = root.putObject("big");
    for (int i = 0; i < 300; i++) {
      big.putObject(String.format("m-%03d", i)).put("name", "member " + i + " " + text(random, 50)).put("n", i);
    }
    ObjectNode nested = root.putObject("nested");
    nested.putObject("outer").put("c", text(random, 40)).putObject("inner").put("a", text(random, 40)).put("b", 1);
    nested.putArray("list").add(text(random, 30)).add(F.arrayNode().add(1).add(text(random, 40)));
    root.putObject("tiny").put("a", 1);
    root.putObject("long").put("text", text(random, 600)).put("n", 2);
    root.putArray("small").add(text(random, 50)).add(true);

    CanonicalBytes.Digest d = CanonicalBytes.digest(root, CanonicalEncodings.NONE);
    CanonicalEncodings kept = d.encodings();
    assertThat(d.size()).isGreaterThan(CanonicalBytes.MARK_BYTES);

    long keptBytes = 0;
    for (JsonNode member : big) {
      assertThat(kept.form(member)).as("a member of 'big'").isEqualTo(bytes(member));
      keptBytes += kept.form(member).length;
    }
    assertThat(kept.form(nested)).isEqualTo(bytes(nested));
    assertThat(kept.form(root.get("small"))).isEqualTo(bytes(root.get("small")));
    keptBytes += bytes(nested).length + bytes(root.get("small")).length;
    assertThat(kept.form(nested.get("outer"))).as("inside a kept one").isNull();
    assertThat(kept.form(nested.get("outer").get("inner"))).as("inside a kept one").isNull();
    assertThat(kept.form(nested.get("list"))).as("inside a kept one").isNull();
    assertThat(kept.form(root.get("tiny"))).as("shorter than 64 bytes").isNull();
    assertThat(kept.form(root.get("long"))).as("holds a long string").isNull();
    assertThat(kept.form(big)).as("longer than 4 KB").isNull();
    assertThat(kept.form(root)).isNull();
    assertThat(kept.forms()).isEqualTo(302);
    assertThat(keptBytes).isLessThan(d.size());
  }

  /**
   * A version made from another by patches copies the forms its source kept of the subtrees the
   * two share, and keeps them again (those passed over before the mark too): over a history of
   * changes at random places and depths, every hash is the one written from scratch, most of what
   * is written after the mark is copied, and every form kept is its subtree's exact bytes.
   */
  @Test
  void sharedSubtreesAreCopiedFromTheFormsTheirSourceKept() {
    Random random = new Random(9);
    ContextDocument held = ContextDocument.of(tasks(1_500, random));
    CanonicalBytes.Digest digest = CanonicalBytes.digest(InternalAccess.tree(held), CanonicalEncodings.NONE);
    assertThat(digest.copied()).isZero();
    int formsAtFirst = digest.encodings().forms();
    assertThat(formsAtFirst).as("of 1,500 tasks, those without long notes").isGreaterThan(1_400);
    long copied = 0;
    long written = 0;
    for (int step = 0; step < 200; step++) {
      String task = String.format("/tasks/task-%04d", random.nextInt(1_500));
      String op = switch (random.nextInt(6)) {
        case 0 -> "{\"op\":\"replace\",\"path\":\"" + task + "/status\",\"value\":\"s" + step + "\"}";
        case 1 -> "{\"op\":\"add\",\"path\":\"" + task + "/tags/0\",\"value\":{\"k\":[" + step + "]}}";
        case 2 -> "{\"op\":\"copy\",\"from\":\"" + task + "\",\"path\":\"/tasks/copy-" + step + "\"}";
        case 3 -> "{\"op\":\"move\",\"from\":\"" + task + "/tags\",\"path\":\"/moved-" + step + "\"}";
        case 4 -> "{\"op\":\"replace\",\"path\":\"" + task + "\",\"value\":{\"title\":"
            + dev.sharedcontext.core.internal.Canonical.quoted(text(random, 70)) + "}}";
        default -> "{\"op\":\"remove\",\"path\":\"" + task + "\"}";
      };
      ContextDocument next = appliedOrNull(op, held);
      if (next == null) {
        continue; // removed or moved before
      }
      JsonNode tree = InternalAccess.tree(next);
      CanonicalBytes.Digest d = CanonicalBytes.digest(tree, digest.encodings());
      assertThat(CanonicalJson.hex(d.sha256())).as("step %d: %s", step, op).isEqualTo(fullHash(tree));
      copied += d.copied();
      written += d.size() - d.passedOver();
      held = next;
      digest = d;
    }
    assertThat(copied).as("bytes copied, of %d written", written).isGreaterThan(written / 2);
    int checked = 0;
    for (JsonNode task : InternalAccess.tree(held).get("tasks")) {
      byte[] form = digest.encodings().form(task);
      if (form != null) {
        assertThat(form).isEqualTo(bytes(task));
        checked++;
      }
    }
    assertThat(checked).as("tasks whose forms the last version kept").isGreaterThan(1_000);

    // A document's bytes, collected after its digest, copy the forms it kept.
    held.hash();
    ContextDocument patched = Patch.parse("[{\"op\":\"replace\",\"path\":\"/zLast\",\"value\":\"last\"}]")
        .apply(held);
    assertThat(patched.hash()).isEqualTo(fullHash(InternalAccess.tree(patched)));
    assertThat(patched.canonicalBytes()).isEqualTo(bytes(InternalAccess.tree(patched)));
  }

  /**
   * A member renamed (the object keeps its size, and has a name it had not): the forms differ from
   * the old name on, though every member under the new name's is the same object in both trees.
   */
  @Test
  void aRenamedMemberEndsThePrefixAtItsOldName() {
    Random random = new Random(5);
    ObjectNode root = F.objectNode();
    ObjectNode members = root.putObject("members");
    for (int i = 0; i < 400; i++) {
      members.putObject(String.format("m-%03d", i)).put("text", text(random, 90)).put("i", i);
    }
    ContextDocument before = ContextDocument.of(root);
    CanonicalBytes.Digest first = CanonicalBytes.digest(InternalAccess.tree(before), CanonicalEncodings.NONE);
    for (String move : new String[] {"/members/m-010\",\"path\":\"/members/z-010",
        "/members/m-390\",\"path\":\"/members/a-390", "/members/m-200\",\"path\":\"/members/m-200x"}) {
      ContextDocument after = Patch.parse("[{\"op\":\"move\",\"from\":\"" + move + "\"}]").apply(before);
      JsonNode tree = InternalAccess.tree(after);
      assertThat(tree.get("members").size()).isEqualTo(400);
      CanonicalBytes.Digest d = CanonicalBytes.digest(tree, first.encodings());
      assertThat(CanonicalJson.hex(d.sha256())).as(move).isEqualTo(fullHash(tree));
    }
  }

  /** {@code doc} with the one operation {@code op} applied; null if it does not apply. */
  private static ContextDocument appliedOrNull(String op, ContextDocument doc) {
    try {
      return Patch.parse("[" + op + "]").apply(doc);
    } catch (PatchFailedException e) {
      return null;
    }
  }

  private static byte[] bytes(JsonNode node) {
    return CanonicalBytes.write(node, CanonicalEncodings.NONE).bytes();
  }

  /**
   * Random changes of every kind, each version made from the one before by the patch between them
   * (the store's way), its hash against that of the same document built from scratch.
   */
  @Test
  void everyVersionOfARandomHistoryHashesAsItsFormWrittenFromScratch() {
    Random random = new Random(4);
    ObjectNode state = files(30, 3_000, random);
    state.put("currentTask", "start");
    state.putArray("list").add(1).add(2.5).add("three").add(F.nullNode());
    state.putObject("meta").put("n", 0).putObject("deep").put("s", text(random, 400));
    ContextDocument held = ContextDocument.of(state);
    held.hash();
    for (int step = 0; step < 400; step++) {
      ObjectNode next = state.deepCopy();
      change(next, random);
      ContextDocument target = ContextDocument.of(next);
      Patch patch = Patch.diff(ContextDocument.of(state), target);
      ContextDocument derived = patch.apply(held);
      assertThat(derived.hash()).as("step %d: %s", step, patch).isEqualTo(target.hash());
      assertThat(derived.sizeBytes()).isEqualTo(target.sizeBytes());
      if (random.nextInt(5) == 0) {
        derived.canonicalBytes();
      }
      held = derived;
      state = next;
    }
  }

  private static void change(ObjectNode root, Random random) {
    ObjectNode files = (ObjectNode) root.get("files");
    List<String> names = new ArrayList<>();
    files.fieldNames().forEachRemaining(names::add);
    switch (random.nextInt(9)) {
      case 0, 1, 2 -> { // a text edit anywhere in a file, often a one-char one
        String name = names.get(random.nextInt(names.size()));
        String s = files.get(name).textValue();
        int at = random.nextInt(s.length() + 1);
        if (at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))) {
          at--;
        }
        int cut = Math.min(s.length() - at, random.nextInt(3));
        if (at + cut < s.length() && cut > 0 && Character.isLowSurrogate(s.charAt(at + cut))) {
          cut++;
        }
        files.put(name, s.substring(0, at) + text(random, random.nextInt(4)) + s.substring(at + cut));
      }
      case 3 -> files.put("src/f" + random.nextInt(1000) + ".ts", text(random, random.nextInt(4_000)));
      case 4 -> {
        if (names.size() > 5) {
          files.remove(names.get(random.nextInt(names.size())));
        }
      }
      case 5 -> ((ObjectNode) root.get("meta")).put("n", random.nextBoolean() ? random.nextInt() : random.nextDouble());
      case 6 -> {
        ArrayNode list = (ArrayNode) root.get("list");
        if (random.nextBoolean() || list.isEmpty()) {
          list.add(text(random, random.nextInt(300)));
        } else {
          list.remove(random.nextInt(list.size()));
        }
      }
      case 7 -> root.put(random.nextBoolean() ? "currentTask" : "aaa", text(random, random.nextInt(20)));
      default -> ((ObjectNode) root.get("meta")).putObject("deep").put("s", text(random, random.nextInt(600)));
    }
  }
}
