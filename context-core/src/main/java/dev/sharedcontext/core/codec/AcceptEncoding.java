package dev.sharedcontext.core.codec;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed {@code Accept-Encoding} field (RFC 9110 §12.5.3): codings with their weights.
 *
 * <p>Lenient as a server must be: a part that does not parse (a bad token, a bad or repeated
 * {@code q}) is skipped, never an error; of two entries for one coding the first counts.
 * Immutable.
 */
final class AcceptEncoding {
  /** RFC 9110 §12.4.2 qvalue: 0 to 1 with at most three decimals. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
  /** RFC 9110 §5.6.2 token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /**
   * The weight of identity when the field names neither it nor {@code *}: acceptable (§12.5.3
   * says so by default), but below any weight a client can write (the least is 0.001), so any
   * coding the client asked for wins over it.
   */
  private static final double IMPLICIT_IDENTITY = 0.0001;

  private static final AcceptEncoding ABSENT = new AcceptEncoding(Map.of());

  /** Lower-case coding (aliases folded) to weight; {@code *} for the wildcard. */
  private final Map<String, Double> weights;

  private AcceptEncoding(Map<String, Double> weights) {
    this.weights = weights;
  }

  /** Parses a field value; null or blank yields an empty field (only identity is acceptable). */
  static AcceptEncoding parse(String field) {
    if (field == null || field.isBlank()) {
      return ABSENT;
    }
    Map<String, Double> weights = new HashMap<>();
    for (String part : field.split(",")) {
      String[] pieces = part.split(";", -1);
      String coding = pieces[0].trim();
      if (!TOKEN.matcher(coding).matches()) {
        continue; // empty list element (allowed by §5.6.1) or garbage
      }
      Double q = weight(pieces);
      if (q == null) {
        continue;
      }
      weights.putIfAbsent(canonical(coding.toLowerCase(Locale.ROOT)), q);
    }
    return new AcceptEncoding(Map.copyOf(weights));
  }

  /** The weight of a part's parameters: 1 without {@code q}; null if the part is malformed. */
  private static Double weight(String[] pieces) {
    Double q = null;
    for (int i = 1; i < pieces.length; i++) {
      String param = pieces[i].trim();
      int eq = param.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = param.substring(0, eq).trim();
      String value = param.substring(eq + 1).trim();
      if (!name.equalsIgnoreCase("q")) {
        continue; // no other parameter is defined for content codings; ignore it
      }
      if (q != null || !QVALUE.matcher(value).matches()) {
        return null;
      }
      q = Double.valueOf(value);
    }
    return q == null ? 1.0 : q;
  }

  private static String canonical(String coding) {
    return coding.equals("x-gzip") ? "gzip" : coding; // RFC 9110 §8.4.1.3
  }

  /** The weight this field gives {@code codec}; 0 means not acceptable. */
  double weight(Codec codec) {
    Double explicit = weights.get(codec.contentEncoding());
    if (explicit != null) {
      return explicit;
    }
    Double wildcard = weights.get("*");
    if (wildcard != null) {
      return wildcard;
    }
    return codec == Codec.NONE ? IMPLICIT_IDENTITY : 0;
  }

  /** The acceptable codec of highest weight among {@code offered}, the first on ties; else NONE. */
  Codec best(List<Codec> offered) {
    Objects.requireNonNull(offered, "offered");
    Codec best = Codec.NONE;
    double bestWeight = 0;
    for (Codec codec : offered) {
      double w = weight(Objects.requireNonNull(codec, "offered codec"));
      if (w > bestWeight) {
        best = codec;
        bestWeight = w;
      }
    }
    return best;
  }
}
