package dev.sharedcontext.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import java.util.List;
import java.util.Random;

/**
 * A context of a given size shaped like the real ones ({@code {"files": {name: text}}}, files of
 * about 4 KB in lines of source-like words), and the one-line edit the load benchmarks commit
 * to it. Deterministic (fixed seed), so every run and both peers see the same bytes.
 *
 * <p>The edit replaces line {@link #EDITED_LINE} of the first file with a line holding a
 * ten-digit number: committed over and over without a base version, the context keeps its size,
 * and every commit with a new number is a real change that leaves a file string never seen
 * before, as a real edit does (so nothing, e.g. a token count, can be served from a cache).
 */
final class SyntheticContext {
  static final int FILE_BYTES = 4096;
  static final int EDITED_LINE = 7;
  private static final String[] WORDS = {"return", "value", "context", "final", "int", "String", "if", "else",
      "for", "index", "version", "patch", "apply", "=", "+", "(", ")", "{", "}", "null", "agent", "store",
      "commit", "hash", "this", "new", "list", "map", "size", "count"};

  private SyntheticContext() {}

  /** The context of about {@code bytes} canonical bytes (within a few dozen). */
  static ContextDocument document(int bytes) {
    return document(bytes, 42);
  }

  /** Another context of the same shape: projects that must not share strings get other seeds. */
  static ContextDocument document(int bytes, long seed) {
    Random random = new Random(seed);
    ObjectNode root = BenchmarkResult.JSON.createObjectNode();
    ObjectNode files = root.putObject("files");
    int remaining = Math.max(bytes - 16, 64);
    for (int i = 0; remaining > 0; i++) {
      int size = Math.min(FILE_BYTES, remaining);
      String name = fileName(i);
      files.put(name, text(random, Math.max(size - name.length() - 8, EDITED_LINE * 2 + 40)));
      remaining -= size;
    }
    return ContextDocument.of(root);
  }

  /** The x-text edit of line {@link #EDITED_LINE} of the first file to a line holding {@code n}. */
  static Patch edit(long n) {
    return Patch.fromJson(editJson(digits(n)));
  }

  /** The body of {@code POST /context/{id}/diff} carrying {@link #edit}, without a base version. */
  static String diffBody(long n) {
    return diffBody(digits(n));
  }

  /**
   * {@link #diffBody} cut around its ten digits: a load generator sends prefix, a new number,
   * suffix.
   */
  static List<String> diffBodyTemplate() {
    String placeholder = "##########";
    String body = diffBody(placeholder);
    int at = body.indexOf(placeholder);
    return List.of(body.substring(0, at), body.substring(at + placeholder.length()));
  }

  private static String diffBody(String digits) {
    ObjectNode body = BenchmarkResult.JSON.createObjectNode();
    body.set("patch", editJson(digits));
    body.put("agentId", "bench");
    return body.toString();
  }

  private static String digits(long n) {
    return String.format("%010d", n % 10_000_000_000L);
  }

  private static ArrayNode editJson(String digits) {
    ArrayNode patch = BenchmarkResult.JSON.createArrayNode();
    ObjectNode op = patch.addObject();
    op.put("op", "x-text");
    op.put("path", "/files/" + fileName(0));
    ArrayNode hunk = op.putArray("hunks").addArray();
    hunk.add(EDITED_LINE).add(1).add("    long edited = " + digits + "L; // changed by an agent\n");
    return patch;
  }

  private static String fileName(int i) {
    return String.format("file%04d.java", i);
  }

  /** Lines of 20–100 characters of words until {@code size} characters. */
  private static String text(Random random, int size) {
    StringBuilder sb = new StringBuilder(size);
    while (sb.length() < size) {
      int lineLength = 20 + random.nextInt(80);
      int start = sb.length();
      sb.append("    ");
      while (sb.length() - start < lineLength) {
        sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      sb.setLength(sb.length() - 1);
      sb.append('\n');
    }
    sb.setLength(size - 1);
    return sb.append('\n').toString();
  }
}
