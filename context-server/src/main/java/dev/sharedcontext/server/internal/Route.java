package dev.sharedcontext.server.internal;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.core.ProjectIds;
import dev.sharedcontext.core.internal.Abbreviation;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a request goes: the endpoint and the project id, from the path with every segment
 * percent-decoded the same way ({@code +} stays a plus in paths), and the query.
 */
record Route(Kind kind, String projectId, String path, Query query) {

  enum Kind { HEALTH, METRICS, CONTEXT, DIFF, VERSIONS, ROLLBACK, STREAM, WINDOW, REF, RULES, METRICS_STREAM, DASHBOARD, UNKNOWN }

  /**
   * Parses a request target.
   *
   * @param upgrade true if the request asks for a WebSocket upgrade: then {@code /context/stream}
   *     is the original system's stream path rather than the project named "stream"
   * @throws InvalidInputException for a malformed target or project id
   */
  static Route parse(String uri, boolean upgrade) {
    String target = uri;
    if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      target = slash < 0 ? "/" : target.substring(slash); // absolute form: keep path and query
    }
    Query query;
    String rawPath;
    int q = target.indexOf('?');
    if (q < 0 && target.indexOf('#') < 0) {
      query = Query.NONE; // most requests: no decoder, no parameter map
      rawPath = target;
    } else {
      QueryStringDecoder decoder;
      try {
        decoder = new QueryStringDecoder(target);
        query = new Query(decoder.parameters());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("malformed query string: " + abbreviate(target));
      }
      rawPath = decoder.rawPath();
    }
    List<String> segments = segments(rawPath);
    String path = rawPath.length() > 1 && rawPath.indexOf('%') < 0 && rawPath.indexOf("//") < 0
        && rawPath.charAt(0) == '/' && rawPath.charAt(rawPath.length() - 1) != '/'
        ? rawPath // already the normal form: skip the join
        : "/" + String.join("/", segments);
    int n = segments.size();
    if (n == 1 && segments.get(0).equals("health")) {
      return new Route(Kind.HEALTH, null, path, query);
    }
    if (n == 1 && segments.get(0).equals("metrics")) {
      return new Route(Kind.METRICS, null, path, query);
    }
    if (n == 2 && segments.get(0).equals("metrics") && segments.get(1).equals("stream")) {
      return new Route(Kind.METRICS_STREAM, null, path, query);
    }
    if (n >= 1 && segments.get(0).equals("dashboard")) {
      return new Route(Kind.DASHBOARD, null, path, query);
    }
    if (n < 2 || n > 3 || !segments.get(0).equals("context")) {
      return new Route(Kind.UNKNOWN, null, path, query);
    }
    if (n == 2 && upgrade && segments.get(1).equals("stream")) {
      return new Route(Kind.STREAM, project(query.get("projectId")), path, query);
    }
    String project = project(segments.get(1));
    if (n == 2) {
      return new Route(Kind.CONTEXT, project, path, query);
    }
    Kind kind = switch (segments.get(2)) {
      case "diff" -> Kind.DIFF;
      case "versions" -> Kind.VERSIONS;
      case "rollback" -> Kind.ROLLBACK;
      case "stream" -> Kind.STREAM;
      case "window" -> Kind.WINDOW;
      case "ref" -> Kind.REF;
      case "rules" -> Kind.RULES;
      default -> Kind.UNKNOWN;
    };
    return new Route(kind, kind == Kind.UNKNOWN ? null : project, path, query);
  }

  private static String project(String id) {
    return ProjectIds.requireValid(id);
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>(4);
    int start = 0;
    int n = rawPath.length();
    while (start <= n) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      if (end > start) {
        out.add(decode(rawPath.substring(start, end)));
      }
      start = end + 1;
    }
    return out;
  }

  /** RFC 3986 percent-decoding of one path segment as UTF-8; anything malformed is a 400. */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new InvalidInputException("malformed percent-encoding in path segment '" + abbreviate(segment) + "'");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("path segment '" + abbreviate(segment) + "' is not UTF-8 once decoded");
    }
  }

  static String abbreviate(String s) {
    return Abbreviation.of(s, 64, 61, "...");
  }
}
