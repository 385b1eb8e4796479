package dev.sharedcontext.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * One replayed trace of {@code ../shared/data/traces} (format: that folder's README): the state
 * of the working set at every version, as sorted maps of path to content.
 *
 * <p>States share their content strings, so holding all versions costs little more than the
 * distinct contents.
 */
public final class Trace {
  /** The traces shipped in shared/, by file name without extension. */
  public static final List<String> NAMES = List.of("sindresorhus__ky", "spf13__cobra");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String name;
  private final JsonNode meta;
  private final List<Version> versions;

  /**
   * One version of a trace.
   *
   * @param version 0, 1, 2, ... with no gaps
   * @param commit the source commit
   * @param message the commit subject
   * @param changed the files changed into this version (all files for version 0); a null value
   *     deletes the file
   * @param state the whole working set at this version, sorted by path (code-point order)
   */
  public record Version(int version, String commit, String message, Map<String, String> changed,
      Map<String, String> state) {}

  private Trace(String name, JsonNode meta, List<Version> versions) {
    this.name = name;
    this.meta = meta;
    this.versions = versions;
  }

  /**
   * The folder holding the traces: the system property {@code sharedcontext.traces} if set,
   * otherwise the first {@code shared/data/traces} found beside the working directory or one of
   * its parents.
   *
   * @throws IllegalStateException naming where it looked, if there is none
   */
  public static Path directory() {
    String configured = System.getProperty("sharedcontext.traces");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/traces");
      if (Files.isDirectory(candidate)) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException("trace folder not found: set -Dsharedcontext.traces=<dir> or run beside "
        + "../shared/data/traces (looked from " + dir + (configured == null ? "" : " and at " + configured) + ")");
  }

  /** Loads and replays the trace {@code name} (one of {@link #NAMES}). */
  public static Trace load(String name) {
    return load(directory(), name);
  }

  public static Trace load(Path directory, String name) {
    Path file = directory.resolve(name + ".jsonl.gz");
    Path metaFile = directory.resolve(name + ".meta.json");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
      JsonNode meta = MAPPER.readTree(metaFile.toFile());
      List<Version> versions = new ArrayList<>();
      TreeMap<String, String> state = new TreeMap<>(); // String order = UTF-16 order; equal to code-point order for these paths
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = MAPPER.readTree(line);
        int version = node.get("version").intValue();
        if (version != versions.size()) {
          throw new IllegalStateException(name + ": version " + version + " after " + (versions.size() - 1));
        }
        JsonNode files = version == 0 ? node.get("files") : node.get("changed");
        Map<String, String> changed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String content = e.getValue().isNull() ? null : e.getValue().textValue();
          changed.put(e.getKey(), content);
          if (content == null) {
            state.remove(e.getKey());
          } else {
            state.put(e.getKey(), content);
          }
        }
        versions.add(new Version(version, node.path("commit").asText(), node.path("message").asText(),
            Collections.unmodifiableMap(changed), Collections.unmodifiableMap(new TreeMap<>(state))));
      }
      return new Trace(name, meta, List.copyOf(versions));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file, e);
    }
  }

  public String name() {
    return name;
  }

  /** The trace's meta file (see the traces' README for its keys). */
  public JsonNode meta() {
    return meta.deepCopy();
  }

  /** A numeric figure of the meta file, e.g. {@code git_diff_unified0_bytes_sum}. */
  public long metaLong(String key) {
    JsonNode n = meta.get(key);
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException("meta file of " + name + " has no number " + key);
    }
    return n.longValue();
  }

  /** A text figure of the meta file, e.g. {@code sha256_last}. */
  public String metaText(String key) {
    JsonNode n = meta.get(key);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("meta file of " + name + " has no text " + key);
    }
    return n.textValue();
  }

  /** Every version, 0 first. */
  public List<Version> versions() {
    return versions;
  }

  public Version version(int v) {
    return versions.get(v);
  }

  public Version last() {
    return versions.get(versions.size() - 1);
  }

  public int size() {
    return versions.size();
  }
}
