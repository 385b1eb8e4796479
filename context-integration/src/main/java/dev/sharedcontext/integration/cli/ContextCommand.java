package dev.sharedcontext.integration.cli;

import dev.sharedcontext.core.ConnectionException;
import dev.sharedcontext.core.ContextTimeoutException;
import dev.sharedcontext.integration.internal.ServerHttp;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code context} command: {@code java -jar context.jar <status|stats|health|metrics> [--url U]
 * [--token T] [--json]}. Readable tables by default, the server's JSON with {@code --json}.
 *
 * <p>Exit codes: 0 the server answered and is ok; 1 the server is unreachable (refused, reset,
 * timed out); 2 bad usage; 3 the server answered with an error or is not ok (401, 403, 503
 * draining...).
 */
@Command(name = "context", mixinStandardHelpOptions = true, versionProvider = ContextCommand.Version.class,
    subcommands = {StatusCommand.class, StatsCommand.class, HealthCommand.class, MetricsCommand.class},
    description = "Shows a SharedContext server's status, statistics, health and metrics.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the server answered and is ok", "1:the server is unreachable", "2:bad usage",
        "3:the server answered with an error or is not ok"})
public final class ContextCommand implements Runnable {
  static final int EXIT_OK = 0;
  static final int EXIT_UNREACHABLE = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NOT_OK = 3;

  @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
      defaultValue = "${env:SHAREDCONTEXT_URL:-http://localhost:3003}",
      description = "The server (env SHAREDCONTEXT_URL, default ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", defaultValue = "${env:SHAREDCONTEXT_TOKEN}",
      description = "Bearer token, if the server wants one (env SHAREDCONTEXT_TOKEN, default none).")
  String token;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the server's JSON instead of tables (default: tables).")
  boolean json;

  @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Time the server has to answer, e.g. 500ms, 5s (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: status, stats, health or metrics");
  }

  ServerHttp http() {
    return new ServerHttp(url, token == null || token.isBlank() ? null : token, timeout);
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command with these streams; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new ContextCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof ConnectionException || ex instanceof ContextTimeoutException) {
        cmd.getErr().println("context: the server is unreachable: " + ex.getMessage());
        return EXIT_UNREACHABLE;
      }
      if (ex instanceof ServerHttp.ServerAnswered) {
        cmd.getErr().println("context: " + ex.getMessage());
        return EXIT_NOT_OK;
      }
      throw ex;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** {@code 500ms}, {@code 5s}, {@code 1m}, or ISO-8601 ({@code PT5S}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      Duration d;
      if (v.startsWith("p")) {
        d = Duration.parse(value.trim());
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        throw new CommandLine.TypeConversionException("not a duration (500ms, 5s, 1m or PT5S): " + value);
      }
      if (d.isNegative() || d.isZero()) {
        throw new CommandLine.TypeConversionException("must be positive: " + value);
      }
      return d;
    }
  }

  /** The version of the jar, from its manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ContextCommand.class.getPackage().getImplementationVersion();
      return new String[] {"context " + (v == null ? "(development build)" : v)};
    }
  }
}
