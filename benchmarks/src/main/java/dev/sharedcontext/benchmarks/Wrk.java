package dev.sharedcontext.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator: {@code wrk} (C, keep-alive connections, no pipelining). Every run
 * gets a Lua script whose {@code done} hook prints the exact counts and percentiles on one line,
 * which is parsed instead of wrk's rounded human summary.
 */
final class Wrk {
  private static final String DONE = """
      done = function(summary, latency, requests)
        local e = summary.errors
        io.write(string.format("WRK_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\\n",
          summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
          e.status, e.connect + e.read + e.write + e.timeout))
      end
      """;
  private static final Pattern RESULT = Pattern.compile(
      "WRK_RESULT requests=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) status_errors=(\\d+) socket_errors=(\\d+)");

  /** POST runs so far: part of every body, so that a later run never repeats an earlier one's edits. */
  private static final AtomicInteger POST_RUNS = new AtomicInteger();

  private final Tool wrk = Tool.require("wrk", "wrk");
  private final int threads;

  /** @param threads wrk's threads (its share of the shared CPUs) */
  Wrk(int threads) {
    this.threads = threads;
  }

  /** GETs {@code url} from {@code connections} keep-alive connections for {@code duration}. */
  LoadResult get(URI url, int connections, Duration duration) {
    return run(url, connections, duration, "");
  }

  /**
   * POSTs {@code application/json} bodies made of {@code template}'s prefix, ten digits and its
   * suffix to {@code url}; the digits are new for every request of this JVM (this run's number,
   * wrk's thread, then a count), so no body repeats one sent before, in this run or an earlier.
   */
  LoadResult post(URI url, List<String> template, int connections, Duration duration) {
    int run = POST_RUNS.incrementAndGet() % 1000;
    String lua = "local run = " + run + "\n"
        + "local prefix = " + luaString(template.get(0)) + "\n"
        + "local suffix = " + luaString(template.get(1)) + "\n"
        + "local headers = {[\"Content-Type\"] = \"application/json\"}\n"
        + "local threads = 0\n"
        + "setup = function(thread)\n  thread:set(\"tid\", threads)\n  threads = threads + 1\nend\n"
        + "tid = 0\nlocal n = 0\n"
        + "request = function()\n  n = n + 1\n"
        + "  return wrk.format(\"POST\", nil, headers, prefix .. string.format(\"%03d%01d%06d\", run, tid % 10, n % 1000000) .. suffix)\nend\n";
    return run(url, connections, duration, lua);
  }

  private LoadResult run(URI url, int connections, Duration duration, String lua) {
    Path script = null;
    try {
      script = Files.createTempFile("bench-wrk", ".lua");
      Files.writeString(script, lua + DONE);
      String out = wrk.run(List.of("-t", Integer.toString(threads), "-c", Integer.toString(connections),
          "-d", duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), url.toString()),
          duration.plusSeconds(30));
      Matcher m = RESULT.matcher(out);
      if (!m.find()) {
        throw new BenchmarkException("wrk printed no result: " + out.strip().replace('\n', ' '));
      }
      long requests = Long.parseLong(m.group(1));
      double seconds = Long.parseLong(m.group(2)) / 1e6;
      long errors = Long.parseLong(m.group(5)) + Long.parseLong(m.group(6));
      return new LoadResult(requests / seconds, Long.parseLong(m.group(3)) / 1000.0,
          Long.parseLong(m.group(4)) / 1000.0, requests, errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (script != null) {
        script.toFile().delete();
      }
    }
  }

  /** A Lua long-bracket string: no escaping needed as long as the closing bracket is absent. */
  private static String luaString(String s) {
    String eq = "=";
    while (s.contains("]" + eq + "]")) {
      eq += "=";
    }
    return "[" + eq + "[" + s + "]" + eq + "]";
  }
}
