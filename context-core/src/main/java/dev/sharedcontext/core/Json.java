package dev.sharedcontext.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsing JSON from outside with limits, validation of what the canonical form can represent,
 * and pointer resolution on a tree.
 */
final class Json {
  /** ±(2^53 − 1): the integers a double, and so RFC 8785, represents exactly. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final Map<JsonLimits, ObjectMapper> MAPPERS = new ConcurrentHashMap<>();

  /**
   * The mapper last asked for, under the very limits object it was asked with: a process parses
   * with one or two limits objects (its options'), and comparing the reference spares every parse
   * the record's hash and the map lookup, which were a quarter of parsing a commit's body.
   */
  private static volatile Mapper last;

  private record Mapper(JsonLimits limits, ObjectMapper mapper) {}

  private Json() {}

  private static ObjectMapper mapper(JsonLimits limits) {
    Mapper m = last;
    if (m != null && m.limits() == limits) {
      return m.mapper();
    }
    ObjectMapper mapper = mapperFor(limits);
    last = new Mapper(limits, mapper);
    return mapper;
  }

  private static ObjectMapper mapperFor(JsonLimits limits) {
    return MAPPERS.computeIfAbsent(limits, l -> {
      JsonFactory factory = JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(l.maxDepth())
              .maxStringLength(l.maxStringLength())
              .maxNameLength(l.maxNameLength())
              .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
      return JsonMapper.builder(factory)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
    });
  }

  static JsonNode parse(String json, JsonLimits limits) {
    try {
      return checked(mapper(limits).readTree(json), limits);
    } catch (IOException e) {
      throw translate(e, limits);
    }
  }

  static JsonNode parse(byte[] utf8, JsonLimits limits) {
    try {
      return checked(mapper(limits).readTree(utf8), limits);
    } catch (IOException e) {
      throw translate(e, limits);
    }
  }

  private static JsonNode checked(JsonNode node, JsonLimits limits) {
    if (node == null || node.isMissingNode()) {
      throw new InvalidInputException("no JSON value: the input is empty");
    }
    validate(node);
    return node;
  }

  private static ContextException translate(IOException e, JsonLimits limits) {
    if (e instanceof StreamConstraintsException) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("nesting depth")) {
        return LimitExceededException.tooLarge("maxJsonDepth", limits.maxDepth(), "JSON nesting depth");
      }
      if (msg.contains("Name length")) {
        return LimitExceededException.tooLarge("maxJsonNameLength", limits.maxNameLength(), "a JSON member name");
      }
      return LimitExceededException.tooLarge("maxJsonStringLength", limits.maxStringLength(), "a JSON string");
    }
    String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    return new InvalidInputException("malformed JSON: " + firstLine(message), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable input";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * Checks that every number is exactly representable in the canonical form (integers within
   * ±(2^53−1), finite doubles) and that no string holds a lone surrogate (not encodable as UTF-8).
   */
  static void validate(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          checkString(e.getKey());
          validate(e.getValue());
        }
      }
      case ARRAY -> {
        for (JsonNode child : node) {
          validate(child);
        }
      }
      case STRING -> checkString(node.textValue());
      case NUMBER -> checkNumber(node);
      case BOOLEAN, NULL -> { }
      default -> throw new InvalidInputException("unsupported JSON node type " + node.getNodeType());
    }
  }

  private static void checkNumber(JsonNode node) {
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong() || Math.abs(node.longValue()) > MAX_SAFE_INTEGER) {
        throw new InvalidInputException("number " + node.asText() + " is outside ±(2^53-1), the integers the "
            + "canonical form (RFC 8785) represents exactly; send it as a string");
      }
      return;
    }
    double d = node.doubleValue();
    if (!Double.isFinite(d)) {
      throw new InvalidInputException("number " + node.asText() + " is not a finite double");
    }
  }

  private static void checkString(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new InvalidInputException("string holds a lone surrogate at index " + i);
      }
      if (Character.isLowSurrogate(c)) {
        throw new InvalidInputException("string holds a lone surrogate at index " + i);
      }
    }
  }

  /** The node at {@code pointer}, or null when there is none. */
  static JsonNode resolve(JsonNode root, JsonPointer pointer) {
    JsonNode node = root;
    for (String token : pointer.tokens()) {
      if (node == null) {
        return null;
      }
      if (node.isObject()) {
        node = node.get(token);
      } else if (node.isArray()) {
        int index = arrayIndex(token);
        node = index < 0 || index >= node.size() ? null : node.get(index);
      } else {
        return null;
      }
    }
    return node;
  }

  /**
   * An RFC 6901 array index: {@code 0} or digits without a leading zero, within int range;
   * -1 for anything else (including {@code -}).
   */
  static int arrayIndex(String token) {
    int n = token.length();
    if (n == 0 || n > 10 || (n > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > Integer.MAX_VALUE ? -1 : (int) value;
  }
}
