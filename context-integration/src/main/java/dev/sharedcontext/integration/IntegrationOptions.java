package dev.sharedcontext.integration;

import dev.sharedcontext.client.Backoff;
import dev.sharedcontext.client.ClientOptions;
import dev.sharedcontext.core.tokens.TokenEncoding;
import dev.sharedcontext.core.window.PriorityRules;
import dev.sharedcontext.server.ServerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of a {@link ContextIntegration}, immutable. Every default is a {@code DEFAULT_*}
 * constant in the block below; build with {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <p>Thread-safe. Accessors never return null except {@link #authToken()} (no token).
 */
public final class IntegrationOptions {
  /** Where the integration looks for a server (and, if none answers, binds the embedded one). */
  public static final URI DEFAULT_SERVER_URI = ClientOptions.DEFAULT_URI;
  /** Start an embedded server when none answers {@code /health} at the server URI. */
  public static final boolean DEFAULT_AUTO_START = true;
  /** Options of the embedded server; its host and port come from the server URI. */
  public static final ServerOptions DEFAULT_EMBEDDED_SERVER_OPTIONS = ServerOptions.defaults();
  /** Time one {@code /health} request may take, at start and at every health check. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);
  /** Time between health checks; {@link Duration#ZERO} turns the monitor off. */
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
  /** Time one request of an agent's client may take (shorter than a bare client's 30 s, so that
   *  an unreachable server turns into a fallback quickly). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** Reconnect backoff of agents' streams: the client's default. */
  public static final Backoff DEFAULT_BACKOFF = ClientOptions.DEFAULT_BACKOFF;
  /** Encoding of local token counts (local windows, tokens saved by windows). */
  public static final TokenEncoding DEFAULT_TOKEN_ENCODING = TokenEncoding.DEFAULT;
  /** Priorities of local windows: the server's default table. */
  public static final PriorityRules DEFAULT_PRIORITY_RULES = PriorityRules.defaults();
  /** Who the integration's own commits (opening a project) are attributed to. */
  public static final String DEFAULT_HOST_AGENT_ID = "integration";

  private static final IntegrationOptions DEFAULTS = builder().build();

  private final URI serverUri;
  private final String authToken;
  private final boolean autoStart;
  private final ServerOptions embeddedServerOptions;
  private final Duration probeTimeout;
  private final Duration healthCheckInterval;
  private final Duration requestTimeout;
  private final Backoff backoff;
  private final TokenEncoding tokenEncoding;
  private final PriorityRules priorityRules;
  private final String hostAgentId;

  private IntegrationOptions(Builder b) {
    this.serverUri = b.serverUri;
    this.authToken = b.authToken;
    this.autoStart = b.autoStart;
    this.embeddedServerOptions = b.embeddedServerOptions;
    this.probeTimeout = b.probeTimeout;
    this.healthCheckInterval = b.healthCheckInterval;
    this.requestTimeout = b.requestTimeout;
    this.backoff = b.backoff;
    this.tokenEncoding = b.tokenEncoding;
    this.priorityRules = b.priorityRules;
    this.hostAgentId = b.hostAgentId;
  }

  /** Every {@code DEFAULT_*} above. */
  public static IntegrationOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values. */
  public Builder mutate() {
    return new Builder(this);
  }

  public URI serverUri() {
    return serverUri;
  }

  /** The bearer token sent to the server, or null for none. */
  public String authToken() {
    return authToken;
  }

  public boolean autoStart() {
    return autoStart;
  }

  public ServerOptions embeddedServerOptions() {
    return embeddedServerOptions;
  }

  public Duration probeTimeout() {
    return probeTimeout;
  }

  /** {@link Duration#ZERO} when the health monitor is off. */
  public Duration healthCheckInterval() {
    return healthCheckInterval;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Backoff backoff() {
    return backoff;
  }

  public TokenEncoding tokenEncoding() {
    return tokenEncoding;
  }

  public PriorityRules priorityRules() {
    return priorityRules;
  }

  public String hostAgentId() {
    return hostAgentId;
  }

  @Override
  public String toString() {
    return "IntegrationOptions{serverUri=" + serverUri + ", autoStart=" + autoStart + ", healthCheckInterval="
        + healthCheckInterval + ", auth=" + (authToken == null ? "none" : "bearer") + "}";
  }

  /** Builds {@link IntegrationOptions}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private URI serverUri = DEFAULT_SERVER_URI;
    private String authToken;
    private boolean autoStart = DEFAULT_AUTO_START;
    private ServerOptions embeddedServerOptions = DEFAULT_EMBEDDED_SERVER_OPTIONS;
    private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
    private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Backoff backoff = DEFAULT_BACKOFF;
    private TokenEncoding tokenEncoding = DEFAULT_TOKEN_ENCODING;
    private PriorityRules priorityRules = DEFAULT_PRIORITY_RULES;
    private String hostAgentId = DEFAULT_HOST_AGENT_ID;

    private Builder() {}

    private Builder(IntegrationOptions o) {
      serverUri = o.serverUri;
      authToken = o.authToken;
      autoStart = o.autoStart;
      embeddedServerOptions = o.embeddedServerOptions;
      probeTimeout = o.probeTimeout;
      healthCheckInterval = o.healthCheckInterval;
      requestTimeout = o.requestTimeout;
      backoff = o.backoff;
      tokenEncoding = o.tokenEncoding;
      priorityRules = o.priorityRules;
      hostAgentId = o.hostAgentId;
    }

    /** The server's base URI, {@code http} with a host (default {@code http://localhost:3003}; port 3003 when absent). */
    public Builder serverUri(URI value) {
      Objects.requireNonNull(value, "serverUri");
      if (!"http".equalsIgnoreCase(value.getScheme()) || value.getHost() == null) {
        throw new IllegalArgumentException("serverUri must be an absolute http URI with a host: " + value);
      }
      this.serverUri = value;
      return this;
    }

    /** {@link #serverUri(URI)} from text. */
    public Builder serverUri(String value) {
      return serverUri(URI.create(Objects.requireNonNull(value, "serverUri")));
    }

    /** The bearer token for the server (default none); not blank. */
    public Builder authToken(String value) {
      Objects.requireNonNull(value, "authToken");
      if (value.isBlank()) {
        throw new IllegalArgumentException("authToken must not be blank");
      }
      this.authToken = value;
      return this;
    }

    /** Whether to start an embedded server when none answers (default {@value IntegrationOptions#DEFAULT_AUTO_START}). */
    public Builder autoStart(boolean value) {
      this.autoStart = value;
      return this;
    }

    /** Options of the embedded server (default {@link ServerOptions#defaults()}). */
    public Builder embeddedServerOptions(ServerOptions value) {
      this.embeddedServerOptions = Objects.requireNonNull(value, "embeddedServerOptions");
      return this;
    }

    /** Time one health request may take, positive (default 1 s). */
    public Builder probeTimeout(Duration value) {
      this.probeTimeout = positive(value, "probeTimeout");
      return this;
    }

    /** Time between health checks, not negative; zero turns the monitor off (default 10 s). */
    public Builder healthCheckInterval(Duration value) {
      Objects.requireNonNull(value, "healthCheckInterval");
      if (value.isNegative()) {
        throw new IllegalArgumentException("healthCheckInterval must not be negative: " + value);
      }
      this.healthCheckInterval = value;
      return this;
    }

    /** Time one request of an agent's client may take, positive (default 5 s). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "requestTimeout");
      return this;
    }

    /** Reconnect backoff of agents' streams (default {@link ClientOptions#DEFAULT_BACKOFF}). */
    public Builder backoff(Backoff value) {
      this.backoff = Objects.requireNonNull(value, "backoff");
      return this;
    }

    /** Encoding of local token counts (default o200k_base). */
    public Builder tokenEncoding(TokenEncoding value) {
      this.tokenEncoding = Objects.requireNonNull(value, "tokenEncoding");
      return this;
    }

    /** Priorities of local windows (default {@link PriorityRules#defaults()}). */
    public Builder priorityRules(PriorityRules value) {
      this.priorityRules = Objects.requireNonNull(value, "priorityRules");
      return this;
    }

    /** Agent id of the integration's own commits, not blank (default {@value IntegrationOptions#DEFAULT_HOST_AGENT_ID}). */
    public Builder hostAgentId(String value) {
      Objects.requireNonNull(value, "hostAgentId");
      if (value.isBlank()) {
        throw new IllegalArgumentException("hostAgentId must not be blank");
      }
      this.hostAgentId = value;
      return this;
    }

    public IntegrationOptions build() {
      return new IntegrationOptions(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
