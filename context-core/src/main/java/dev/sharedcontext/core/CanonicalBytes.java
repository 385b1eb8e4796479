package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.Canonical;
import dev.sharedcontext.core.internal.CommonAffixes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the RFC 8785 form straight to UTF-8 bytes (the form {@link CanonicalJson} defines).
 *
 * <p>Every commit needs the canonical form of the whole new version for its hash, yet from one
 * version to the next almost every string is the very same {@code String} object (documents share
 * subtrees). So the escaped UTF-8 of each long string is kept with the document that holds it
 * ({@link CanonicalEncodings}, by identity), and a document made from another (a patch applied,
 * a window cut) starts from the other's: writing a 350 KB context after a one-file edit encodes one file
 * and looks the others up. They were kept before in one global cache with weak keys; but a value
 * of such a cache outlives its key by a collection (the entry goes only when the cache next sees
 * the cleared key), so under a stream of commits every replaced file's bytes were copied by the
 * young collection once: some 70 MB a pause, 50 ms pauses at 6,000 commits a second. Kept with
 * the document, they die with it.
 *
 * <p>Most versions are never read whole (a commit needs only the hash and the size; the bytes are
 * wanted when someone GETs that version), so {@link #digest} streams the same bytes into SHA-256
 * through a small buffer, long strings straight from their encodings, without gathering them into
 * one array: no copy of the whole context per commit, and the bytes are hashed while still in
 * the CPU's cache.
 *
 * <p>SHA-256 hashes from the front, so a version made by a patch need not hash again the bytes
 * before the first one the patch changed: a digest leaves a copy of the hash's state every
 * {@value #MARK_BYTES} bytes ({@link CanonicalEncodings.Mark}), kept with the document's
 * encodings, and the digest of a document made from it goes on from the last such state before
 * the first byte that differs ({@link CanonicalPrefix} finds that from the two trees). The bytes before it are still walked, to
 * collect their encodings, but not hashed.
 *
 * <p>What a context of many small objects (structured state rather than files) costs is writing
 * them, not hashing: a digest also keeps the forms of its small subtrees ({@link
 * #FORM_MAX_BYTES}), and the next document's digest copies the form of each subtree the two
 * share instead of writing it, and passes over one that lies before its mark by that form's
 * length.
 */
final class CanonicalBytes {
  /** Strings shorter than this are encoded on every write: a lookup would cost as much. */
  static final int CACHED_MIN_CHARS = 256;
  /** Scratch buffers up to this size are kept per thread, so big documents do not regrow one each time. */
  static final int MAX_SCRATCH_BYTES = 4 * 1024 * 1024;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8192]);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** How many bytes {@link #chars} writes for each ASCII char: 1, or 2 or 6 for an escape. */
  private static final byte[] ASCII_LENGTHS = new byte[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      ASCII_LENGTHS[c] = (byte) (c >= 0x20 && c != '"' && c != '\\' ? 1
          : c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2 : 6);
    }
  }

  /** Buffer of the digest mode: large enough that SHA-256 gets whole blocks, small enough for L1. */
  private static final int DIGEST_BUFFER_BYTES = 8192;
  private static final ThreadLocal<byte[]> DIGEST_SCRATCH = ThreadLocal.withInitial(() -> new byte[DIGEST_BUFFER_BYTES]);

  /**
   * Digest mode leaves the SHA-256 state every this many bytes, so that the digest of a document
   * made from this one by a patch goes on from the last state before the first byte the patch
   * changed instead of hashing the whole form again. A copy of the state takes 254 bytes (JOL,
   * JDK 17): 1.5 % of the form at this spacing, and nothing for forms shorter than it.
   */
  static final int MARK_BYTES = 16 * 1024;
  /** The most chars {@link #chars} copies with one check of the buffer's room (far below its size). */
  private static final int ASCII_RUN_CHARS = 256;
  /**
   * The longest form of an object or array that a digest keeps for the next document's (see
   * {@link CanonicalEncodings#form}): subtrees of at least {@value #FORM_MIN_BYTES} bytes and at
   * most this, without long strings (which have encodings of their own), and none inside another
   * kept one, so that the forms kept take no more bytes than the form itself. A context of many
   * small objects (structured state) is then mostly copied, not written, after the first change;
   * a context of files keeps none.
   */
  static final int FORM_MAX_BYTES = 4096;
  /** The shortest form kept: below it, a form would save little writing for the entry and array it costs (some 40 bytes). */
  static final int FORM_MIN_BYTES = 64;

  private byte[] buf;
  private int len;
  /** Where full buffers go in digest mode; null when collecting the bytes. */
  private final MessageDigest digest;
  /** Bytes written so far in digest mode: handed to {@link #digest}, or skipped before {@link #resumedAt}. */
  private long position;
  /** Digest mode: the offset whose state {@link #digest} started from; the bytes before it are not hashed again. */
  private final long resumedAt;
  /** Digest mode: the marks of the form written, those up to {@link #resumedAt} taken from the source's. */
  private final List<CanonicalEncodings.Mark> marks;
  /** Digest mode: the bytes hashed here, for tests. */
  private long hashed;
  /** Encodings of the document this one was made from: looked up before encoding. */
  private final CanonicalEncodings known;
  /** This document's encodings, as they are met. */
  private final IdentityHashMap<String, byte[]> met;
  /**
   * Digest mode, going on from a mark: objects and arrays known to lie in the common prefix, with
   * their sizes; one that ends before {@link #resumedAt} is passed over, not written. Empty
   * otherwise.
   */
  private final Map<JsonNode, Long> sized;
  /** Digest mode: the forms kept for the next document (see {@link #FORM_MAX_BYTES}). Null otherwise. */
  private final KeptForms forms;
  /** Digest mode: where each object or array being written began, outermost first. */
  private long[] open;
  private int depth;
  /** Bytes copied from kept forms. */
  private long copied;
  /** Bytes passed over without being written. */
  private long passed;

  /** A writer of single strings ({@link #encode}): no digest, no document. */
  private CanonicalBytes(byte[] buf) {
    this.buf = buf;
    this.digest = null;
    this.known = CanonicalEncodings.NONE;
    this.met = null;
    this.resumedAt = 0;
    this.marks = null;
    this.sized = Map.of();
    this.forms = null;
  }

  /** Collecting the bytes of a document. */
  private CanonicalBytes(byte[] buf, CanonicalEncodings known) {
    this.buf = buf;
    this.digest = null;
    this.known = known;
    this.met = new IdentityHashMap<>(Math.max(8, known.size()));
    this.resumedAt = 0;
    this.marks = null;
    this.sized = Map.of();
    this.forms = null;
  }

  /** Digest mode, going on from {@code resume} (null: from the start). */
  private CanonicalBytes(byte[] buf, CanonicalEncodings known, CanonicalEncodings.Resume resume) {
    this.buf = buf;
    this.known = known;
    this.met = new IdentityHashMap<>(Math.max(8, known.size()));
    this.marks = new ArrayList<>();
    this.forms = new KeptForms(known.forms());
    this.open = new long[16];
    if (resume == null) {
      this.digest = CanonicalJson.sha256();
      this.resumedAt = 0;
      this.sized = Map.of();
    } else {
      this.digest = copy(resume.mark().state());
      this.resumedAt = resume.mark().offset();
      marks.addAll(known.marksUpTo(resumedAt)); // the bytes up to here are the source's: so are the states
      this.sized = resume.prefix().sized();
      // The long strings of what is passed over are this document's too: kept for its successor.
      met.putAll(resume.prefix().encodings());
    }
  }

  /**
   * The SHA-256 and the length of a node's canonical bytes (which are not kept), its encodings,
   * how many of its bytes were hashed here (the others' state came from a mark), how many were
   * passed over without being written (see {@link #passedOver}), and how many were copied from
   * forms the source kept (see {@link #FORM_MAX_BYTES}).
   */
  record Digest(byte[] sha256, long size, CanonicalEncodings encodings, long hashed, long passedOver, long copied) {}

  /** The canonical bytes of a node, and its encodings. */
  record Written(byte[] bytes, CanonicalEncodings encodings) {}

  /**
   * Digests {@code node}, taking the encodings of its long strings from {@code known} where it has
   * them, and going on from the last of {@code known}'s marks before the first byte that differs
   * from the form they were taken along (a document made from that one by a patch).
   */
  static Digest digest(JsonNode node, CanonicalEncodings known) {
    CanonicalBytes out = new CanonicalBytes(DIGEST_SCRATCH.get(), known, known.resumePoint(node));
    out.value(node);
    out.drain();
    return new Digest(out.digest.digest(), out.position,
        out.marks.isEmpty() ? new CanonicalEncodings(out.met, null, List.of(), Map.of())
            : new CanonicalEncodings(out.met, node, out.marks, out.forms.forms()), out.hashed, out.passed, out.copied);
  }

  /**
   * Digests {@code form}, the canonical bytes of {@code tree} whose encodings are {@code own},
   * leaving marks along it as {@link #digest(JsonNode, CanonicalEncodings)} does.
   */
  static Digest digest(byte[] form, JsonNode tree, CanonicalEncodings own) {
    CanonicalBytes out = new CanonicalBytes(DIGEST_SCRATCH.get(), own, null);
    out.feed(form, 0, form.length);
    return new Digest(out.digest.digest(), out.position,
        own.withMarks(out.marks.isEmpty() ? null : tree, out.marks), out.hashed, 0, 0);
  }

  private static MessageDigest copy(MessageDigest state) {
    try {
      return (MessageDigest) state.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("a mark is only taken of a digest that can be copied", e);
    }
  }

  /** Writes {@code node}, taking the encodings of its long strings from {@code known} where it has them. */
  static Written write(JsonNode node, CanonicalEncodings known) {
    CanonicalBytes out = new CanonicalBytes(SCRATCH.get(), known);
    out.value(node);
    if (out.buf.length <= MAX_SCRATCH_BYTES) {
      SCRATCH.set(out.buf);
    }
    return new Written(Arrays.copyOf(out.buf, out.len), new CanonicalEncodings(out.met, null, List.of(), Map.of()));
  }

  private void value(JsonNode node) {
    if (position + len < resumedAt && node.isContainerNode() && passedOver(node)) {
      return;
    }
    if (node.isContainerNode()) {
      if (forms != null) {
        container(node);
        return;
      }
      byte[] form = known.form(node); // collecting a document's bytes: its digest's forms are its own
      if (form != null) {
        copy(form);
        return;
      }
    }
    members(node);
  }

  /**
   * Digest mode: an object or array, copied from the form the source's digest kept for it if it
   * did, else written; its form kept for the next document if it is one to keep (see
   * {@link #FORM_MAX_BYTES}) and still whole in the buffer.
   */
  private void container(JsonNode node) {
    long start = position + len;
    byte[] form = known.form(node);
    if (form != null) {
      copy(form);
      copied += form.length;
    } else {
      if (depth == open.length) {
        open = Arrays.copyOf(open, depth * 2);
      }
      open[depth++] = start;
      members(node);
      depth--;
    }
    long size = position + len - start;
    // Not whole in the buffer (start < position): a part went to the digest, as every long
    // string's encoding goes (so no kept form holds one), or the buffer was drained past it.
    if (size < FORM_MIN_BYTES || size > FORM_MAX_BYTES || start < position) {
      return;
    }
    if (form == null) {
      int at = (int) (start - position);
      form = Arrays.copyOfRange(buf, at, at + (int) size);
    }
    forms.ended(node, start, form);
  }

  /** Appends a kept form. */
  private void copy(byte[] form) {
    ensure(form.length);
    System.arraycopy(form, 0, buf, len, form.length);
    len += form.length;
  }

  /** A node's bytes, written from its members (a container's) or its value. */
  private void members(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = Canonical.members(node);
        put('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            put(',');
          }
          Map.Entry<String, JsonNode> member = members.get(i);
          string(member.getKey());
          put(':');
          value(member.getValue());
        }
        put('}');
      }
      case ARRAY -> {
        put('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            put(',');
          }
          value(node.get(i));
        }
        put(']');
      }
      case STRING -> string(node.textValue());
      case NUMBER -> ascii(numberText(node));
      case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
      case NULL -> ascii("null");
      default -> throw new IllegalStateException("not a JSON node: " + node.getNodeType());
    }
  }

  /**
   * Digest mode: moves past {@code node} without writing it if it lies in the common prefix and
   * ends before {@link #resumedAt}, where the digest's state already holds its bytes. Most of a
   * commit's digest otherwise went into writing, only to count them, the bytes before the mark:
   * on a context of many small objects, half the form on average.
   */
  private boolean passedOver(JsonNode node) {
    // Any subtree whose length is known and which ends before the mark can be passed over: the
    // bytes there are the source's, whose state the mark holds, wherever the subtree was there.
    byte[] form = known.form(node);
    Long size = form != null ? Long.valueOf(form.length) : sized.get(node);
    if (size == null || position + len + size > resumedAt) {
      return false;
    }
    drain();
    position += size;
    passed += size;
    if (form != null) {
      forms.passedOver(node, form); // still this document's
    }
    return true;
  }

  /** A number's canonical text. */
  static String numberText(JsonNode number) {
    return number.isIntegralNumber() ? Long.toString(number.longValue()) : CanonicalJson.number(number.doubleValue());
  }

  private void string(String s) {
    if (s.length() >= CACHED_MIN_CHARS) {
      byte[] encoded = encoding(s);
      if (digest != null) {
        drain();
        feed(encoded, 0, encoded.length);
        return;
      }
      ensure(encoded.length);
      System.arraycopy(encoded, 0, buf, len, encoded.length);
      len += encoded.length;
    } else {
      quoted(s);
    }
  }

  private byte[] encoding(String s) {
    byte[] encoded = met.get(s);
    if (encoded == null) {
      encoded = known.get(s);
      if (encoded == null) {
        Map.Entry<String, byte[]> earlier = known.earlierVersion(s);
        encoded = earlier == null ? encode(s) : reencode(earlier.getKey(), earlier.getValue(), s);
      }
      met.put(s, encoded);
    }
    return encoded;
  }

  /**
   * What {@link #quoted} writes, as an array of its own. (Encoding with the JDK's UTF-8 encoder and
   * then escaping in a second pass over the bytes was tried: 3.9 ns a char against this loop's 2.1
   * on source files, since code has an escape, its line break, every few dozen chars.)
   */
  static byte[] encode(String s) {
    CanonicalBytes out = new CanonicalBytes(new byte[s.length() + s.length() / 16 + 16]);
    out.quoted(s);
    return Arrays.copyOf(out.buf, out.len);
  }

  /**
   * What {@link #encode} gives for {@code after}, made from {@code before}'s encoding
   * {@code encodedBefore}: the bytes of the common prefix and suffix are copied, and only the
   * chars between them are encoded. Finding where the prefix ends in the bytes needs a pass over
   * its chars (or the suffix's, whichever is shorter), but one that only adds up lengths, several
   * times as fast as encoding them.
   *
   * <p>The encoding is char by char except for a surrogate pair, which is encoded whole, so the
   * split is exact wherever no pair straddles it: the prefix gives up a trailing high surrogate,
   * the suffix a leading low one.
   */
  static byte[] reencode(String before, byte[] encodedBefore, String after) {
    int prefix = CommonAffixes.prefix(before, after);
    int suffix = CommonAffixes.suffix(before, after, Math.min(before.length(), after.length()) - prefix);
    if (prefix > 0 && Character.isHighSurrogate(before.charAt(prefix - 1))) {
      prefix--;
    }
    if (suffix > 0 && Character.isLowSurrogate(after.charAt(after.length() - suffix))) {
      suffix--;
    }
    // The bytes of the prefix and of the suffix, with their quote each: the shorter side is
    // measured, the other follows from the whole length and the (short) changed middle.
    int middleBytes = encodedLength(before, prefix, before.length() - suffix);
    int prefixBytes;
    int suffixBytes;
    if (prefix <= suffix) {
      prefixBytes = 1 + encodedLength(before, 0, prefix);
      suffixBytes = encodedBefore.length - prefixBytes - middleBytes;
    } else {
      suffixBytes = 1 + encodedLength(before, before.length() - suffix, before.length());
      prefixBytes = encodedBefore.length - suffixBytes - middleBytes;
    }
    // Sized exactly (the new middle is measured first, a short pass), so that the bytes are not
    // copied again into an array of their length: that copy was of the whole edited string.
    int middleAfterBytes = encodedLength(after, prefix, after.length() - suffix);
    CanonicalBytes out = new CanonicalBytes(new byte[prefixBytes + middleAfterBytes + suffixBytes]);
    System.arraycopy(encodedBefore, 0, out.buf, 0, prefixBytes);
    out.len = prefixBytes;
    out.chars(after, prefix, after.length() - suffix);
    System.arraycopy(encodedBefore, encodedBefore.length - suffixBytes, out.buf, out.len, suffixBytes);
    out.len += suffixBytes;
    return out.len == out.buf.length ? out.buf : Arrays.copyOf(out.buf, out.len);
  }

  /** The length of what {@link #chars} writes for {@code s} from {@code from} to {@code to}. */
  static int encodedLength(String s, int from, int to) {
    int bytes = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += ASCII_LENGTHS[c];
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        bytes += 4;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The string with RFC 8785 §3.2.2.2's escapes, in UTF-8 (no lone surrogates: validated on input). */
  private void quoted(String s) {
    ensure(2);
    buf[len++] = '"';
    chars(s, 0, s.length());
    ensure(1);
    buf[len++] = '"';
  }

  /** The chars of {@code s} from {@code from} to {@code to}, escaped, in UTF-8, without quotes. */
  private void chars(String s, int from, int to) {
    int i = from;
    while (i < to) {
      // A run of ASCII chars that need no escape, the bulk of nearly every string, copied with
      // the room checked once per run rather than once per char, and the buffer and its length
      // in locals: a 350 KB document hashed from scratch in 0.81-0.94 ms against 1.08-1.09 with
      // a loop that checked and wrote the fields for each char (JMH CommitBench.hash).
      int end = Math.min(to, i + ASCII_RUN_CHARS);
      ensure(end - i);
      byte[] b = buf;
      int n = len;
      while (i < end) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
          break;
        }
        b[n++] = (byte) c;
        i++;
      }
      len = n;
      if (i < end) {
        i = special(s, i, to);
      }
    }
  }

  /** Writes the char at {@code i}, one that is escaped or not ASCII; the index after it. */
  private int special(String s, int i, int to) {
    char c = s.charAt(i);
    if (c < 0x80) {
      escape(c);
    } else if (c < 0x800) {
      ensure(2);
      buf[len++] = (byte) (0xC0 | (c >> 6));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(++i));
      ensure(4);
      buf[len++] = (byte) (0xF0 | (cp >> 18));
      buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      ensure(3);
      buf[len++] = (byte) (0xE0 | (c >> 12));
      buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    }
    return i + 1;
  }

  private void escape(char c) {
    switch (c) {
      case '"' -> ascii("\\\"");
      case '\\' -> ascii("\\\\");
      case '\b' -> ascii("\\b");
      case '\f' -> ascii("\\f");
      case '\n' -> ascii("\\n");
      case '\r' -> ascii("\\r");
      case '\t' -> ascii("\\t");
      default -> {
        ascii("\\u00");
        ensure(2);
        buf[len++] = HEX[c >> 4];
        buf[len++] = HEX[c & 0xF];
      }
    }
  }

  private void put(char c) {
    ensure(1);
    buf[len++] = (byte) c;
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      makeRoom(more);
    }
  }

  /**
   * Out of {@link #ensure}, which runs for every char written, so that it stays small enough to
   * be inlined there whatever draining costs (with {@link #feed} inlined into it, hashing a 350 KB
   * form from scratch took 1.5 ms instead of 1.1).
   */
  private void makeRoom(int more) {
    if (digest != null && more <= buf.length) {
      drainBefore(keptFrom(more));
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    } else {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  /**
   * Digest mode: where the bytes begin that must stay in the buffer for {@code more} to come: those
   * of the outermost object or array being written whose form may yet be short enough to keep.
   */
  private long keptFrom(int more) {
    long end = position + len + more;
    for (int i = 0; i < depth; i++) {
      if (open[i] >= position && end - open[i] <= FORM_MAX_BYTES) {
        return open[i];
      }
    }
    return position + len;
  }

  /** Digest mode: hands the buffered bytes before {@code offset} (a position in the form) to the digest. */
  private void drainBefore(long offset) {
    int n = (int) (offset - position);
    if (n <= 0) {
      return;
    }
    int keep = len - n;
    feed(buf, 0, n);
    System.arraycopy(buf, n, buf, 0, keep);
    len = keep;
  }

  /** Digest mode: hands the buffered bytes to the digest. */
  private void drain() {
    if (len > 0) {
      feed(buf, 0, len);
      len = 0;
    }
  }

  /**
   * Digest mode: the next {@code n} bytes of the form. Those before {@link #resumedAt} are already
   * in the state the digest started from; the others are hashed, with a mark left every
   * {@value #MARK_BYTES} bytes (when the provider's digest can be copied).
   */
  private void feed(byte[] bytes, int from, int n) {
    long start = position;
    position += n;
    if (position <= resumedAt) {
      return;
    }
    if (start < resumedAt) {
      int skip = (int) (resumedAt - start);
      from += skip;
      n -= skip;
      start = resumedAt;
    }
    hashed += n;
    if (!CanonicalJson.copyable()) {
      digest.update(bytes, from, n);
      return;
    }
    while (true) {
      long nextMark = (start / MARK_BYTES + 1) * MARK_BYTES;
      if (start + n < nextMark) {
        digest.update(bytes, from, n);
        return;
      }
      int upTo = (int) (nextMark - start);
      digest.update(bytes, from, upTo);
      marks.add(new CanonicalEncodings.Mark(nextMark, copy(digest)));
      from += upTo;
      n -= upTo;
      start = nextMark;
    }
  }
}
