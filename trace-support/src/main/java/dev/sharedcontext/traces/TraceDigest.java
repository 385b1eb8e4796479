package dev.sharedcontext.traces;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state digest the traces' README defines: SHA-256 over the (path, content) pairs sorted by
 * path in code-point order, each as an 8-byte big-endian UTF-8 length and the UTF-8 bytes of the
 * path, then the same for the content.
 */
public final class TraceDigest {
  private TraceDigest() {}

  /** Lowercase hex digest of a state (path to content). */
  public static String of(Map<String, String> state) {
    MessageDigest sha = sha256();
    // Code-point order: compare as code points, which differs from String order only for
    // characters beyond the BMP against U+E000..U+FFFF.
    TreeMap<String, String> sorted = new TreeMap<>(TraceDigest::compareCodePoints);
    sorted.putAll(state);
    ByteBuffer len = ByteBuffer.allocate(8);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      for (String s : new String[] {e.getKey(), e.getValue()}) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        len.clear();
        len.putLong(bytes.length);
        sha.update(len.array());
        sha.update(bytes);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of the per-version digests, each followed by a newline ({@code sha256_all_versions}). */
  public static String ofAll(List<String> digests) {
    MessageDigest sha = sha256();
    for (String d : digests) {
      sha.update((d + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
