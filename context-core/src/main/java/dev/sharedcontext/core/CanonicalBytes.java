package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the RFC 8785 form straight to UTF-8 bytes (the form {@link CanonicalJson} defines).
 *
 * <p>Every commit needs the canonical form of the whole new version for its hash, yet from one
 * version to the next almost every string is the very same {@code String} object (documents share
 * subtrees). So the escaped UTF-8 of each long string is kept with the document that holds it
 * ({@link Encodings}, by identity), and a document made from another (a patch applied, a window
 * cut) starts from the other's: writing a 350 KB context after a one-file edit encodes one file
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
 */
final class CanonicalBytes {
  /** Strings shorter than this are encoded on every write: a lookup would cost as much. */
  static final int CACHED_MIN_CHARS = 256;
  /** Scratch buffers up to this size are kept per thread, so big documents do not regrow one each time. */
  static final int MAX_SCRATCH_BYTES = 4 * 1024 * 1024;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8192]);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Buffer of the digest mode: large enough that SHA-256 gets whole blocks, small enough for L1. */
  private static final int DIGEST_BUFFER_BYTES = 8192;
  private static final ThreadLocal<byte[]> DIGEST_SCRATCH = ThreadLocal.withInitial(() -> new byte[DIGEST_BUFFER_BYTES]);

  /**
   * The encodings (quoted, escaped UTF-8) of a document's strings of at least
   * {@value #CACHED_MIN_CHARS} chars, by identity. Never changed once made.
   */
  static final class Encodings {
    static final Encodings NONE = new Encodings(new IdentityHashMap<>(0));

    private final IdentityHashMap<String, byte[]> byString;

    private Encodings(IdentityHashMap<String, byte[]> byString) {
      this.byString = byString;
    }

    int size() {
      return byString.size();
    }

    byte[] get(String s) {
      return byString.get(s);
    }
  }

  private byte[] buf;
  private int len;
  /** Where full buffers go in digest mode; null when collecting the bytes. */
  private final MessageDigest digest;
  /** Bytes already handed to {@link #digest}. */
  private long digested;
  /** Encodings of the document this one was made from: looked up before encoding. */
  private final Encodings known;
  /** This document's encodings, as they are met. */
  private final IdentityHashMap<String, byte[]> met;

  /** A writer of single strings ({@link #encode}): no digest, no document. */
  private CanonicalBytes(byte[] buf) {
    this.buf = buf;
    this.digest = null;
    this.known = Encodings.NONE;
    this.met = null;
  }

  private CanonicalBytes(byte[] buf, MessageDigest digest, Encodings known) {
    this.buf = buf;
    this.digest = digest;
    this.known = known;
    this.met = new IdentityHashMap<>(Math.max(8, known.size()));
  }

  /** The SHA-256 and the length of a node's canonical bytes (which are not kept), and its encodings. */
  record Digest(byte[] sha256, long size, Encodings encodings) {}

  /** The canonical bytes of a node, and its encodings. */
  record Written(byte[] bytes, Encodings encodings) {}

  /** Digests {@code node}, taking the encodings of its long strings from {@code known} where it has them. */
  static Digest digest(JsonNode node, Encodings known) {
    CanonicalBytes out = new CanonicalBytes(DIGEST_SCRATCH.get(), CanonicalJson.sha256(), known);
    out.value(node);
    out.drain();
    return new Digest(out.digest.digest(), out.digested, new Encodings(out.met));
  }

  /** Writes {@code node}, taking the encodings of its long strings from {@code known} where it has them. */
  static Written write(JsonNode node, Encodings known) {
    CanonicalBytes out = new CanonicalBytes(SCRATCH.get(), null, known);
    out.value(node);
    if (out.buf.length <= MAX_SCRATCH_BYTES) {
      SCRATCH.set(out.buf);
    }
    return new Written(Arrays.copyOf(out.buf, out.len), new Encodings(out.met));
  }

  private void value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null); // UTF-16 code unit order, as RFC 8785 §3.2.3 asks
        put('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            put(',');
          }
          String name = names.get(i);
          string(name);
          put(':');
          value(node.get(name));
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
      case NUMBER -> ascii(node.isIntegralNumber() ? Long.toString(node.longValue()) : CanonicalJson.number(node.doubleValue()));
      case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
      case NULL -> ascii("null");
      default -> throw new IllegalStateException("not a JSON node: " + node.getNodeType());
    }
  }

  private void string(String s) {
    if (s.length() >= CACHED_MIN_CHARS) {
      byte[] encoded = encoding(s);
      if (digest != null) {
        drain();
        digest.update(encoded);
        digested += encoded.length;
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
        encoded = encode(s);
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

  /** The string with RFC 8785 §3.2.2.2's escapes, in UTF-8 (no lone surrogates: validated on input). */
  private void quoted(String s) {
    ensure(2);
    buf[len++] = '"';
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          ensure(1);
          buf[len++] = (byte) c;
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        ensure(2);
        buf[len++] = (byte) (0xC0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
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
    }
    ensure(1);
    buf[len++] = '"';
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
      if (digest != null && more <= buf.length) {
        drain();
      } else {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }
  }

  /** Digest mode: hands the buffered bytes to the digest. */
  private void drain() {
    if (len > 0) {
      digest.update(buf, 0, len);
      digested += len;
      len = 0;
    }
  }
}
