package dev.sharedcontext.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.internal.Canonical;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme): members sorted by the UTF-16 code units of their
 * names, no white space, strings with the minimal escapes of RFC 8785 §3.2.2.2, numbers as
 * ECMAScript's {@code Number.prototype.toString} prints the double (§3.2.2.3).
 */
final class CanonicalJson {
  private static final HexFormat HEX = HexFormat.of();
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  /** Never updated, only copied (see {@link #sha256()}); null if the provider's digests cannot be. */
  private static final MessageDigest SHA256_PROTOTYPE = cloneable(newSha256());

  static {
    // Token counting (another package) prints scalars through this one writer.
    Canonical.setWriter(CanonicalJson::write);
  }

  private CanonicalJson() {}

  static String writeString(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    write(node, out);
    return out.toString();
  }

  static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /**
   * A new SHA-256 digest, copied from a prototype where the provider allows it. {@code getInstance}
   * looks the algorithm up among the providers and makes the digest through a reflective
   * constructor call: in the server's profile that was 4 of the 14 samples of hashing a commit's
   * 10 KB context (the hash proper included); a copy is a few arrays.
   */
  static MessageDigest sha256() {
    if (SHA256_PROTOTYPE != null) {
      try {
        return (MessageDigest) SHA256_PROTOTYPE.clone();
      } catch (CloneNotSupportedException e) {
        // not with this provider after all: look it up
      }
    }
    return newSha256();
  }

  /** Whether {@link #sha256()}'s digests can be copied (so that a digest's state can be kept and gone on from). */
  static boolean copyable() {
    return SHA256_PROTOTYPE != null;
  }

  private static MessageDigest cloneable(MessageDigest d) {
    try {
      d.clone();
      return d;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = Canonical.members(node);
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          Map.Entry<String, JsonNode> member = members.get(i);
          writeString(member.getKey(), out);
          out.append(':');
          write(member.getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(node.isIntegralNumber() ? Long.toString(node.longValue()) : number(node.doubleValue()));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default -> throw new IllegalStateException("not a JSON node: " + node.getNodeType());
    }
  }

  static void writeString(String s, StringBuilder out) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, start, i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xF]);
      }
      start = i + 1;
    }
    out.append(s, start, s.length()).append('"');
  }

  /** ECMAScript Number::toString for a finite double (ECMA-262, Number::toString, radix 10). */
  static String number(double d) {
    if (d == 0) {
      return "0"; // also -0
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + d);
    }
    String sign = d < 0 ? "-" : "";
    double abs = Math.abs(d);
    // The shortest decimal that reads back as the same double; of those, the closest (HALF_EVEN
    // rounding of the exact binary value picks it). Java 17's Double.toString is not always
    // shortest (fixed only in JDK 19), so it cannot be used here.
    BigDecimal exact = new BigDecimal(abs);
    BigDecimal shortest = null;
    for (int p = 1; p <= 17; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == abs) {
        shortest = candidate;
        break;
      }
    }
    if (shortest == null) {
      throw new IllegalStateException("no round-tripping decimal for " + d); // 17 digits always suffice
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = digits × 10^(n−k)
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits);
      out.append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e >= 0 ? '+' : '-').append(Math.abs(e));
    }
    return out.toString();
  }
}
