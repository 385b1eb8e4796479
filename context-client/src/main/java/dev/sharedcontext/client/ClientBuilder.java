package dev.sharedcontext.client;

import dev.sharedcontext.core.tokens.TokenEncoding;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link SharedContextClient}: the {@link ClientOptions} (each setter is the one of
 * {@link ClientOptionsBuilder}, with its checks and defaults) plus the listeners that should see
 * the very first events. Not thread-safe.
 */
public final class ClientBuilder {
  private ClientOptionsBuilder options = ClientOptions.builder();
  private final List<ClientListener> listeners = new ArrayList<>();

  ClientBuilder() {}

  /** Starts from {@code options}, replacing every option set so far. */
  public ClientBuilder options(ClientOptions options) {
    this.options = Objects.requireNonNull(options, "options").mutate();
    return this;
  }

  /** See {@link ClientOptionsBuilder#uri(URI)}. */
  public ClientBuilder uri(URI value) {
    options.uri(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#uri(String)}. */
  public ClientBuilder uri(String value) {
    options.uri(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#projectId}; required. */
  public ClientBuilder projectId(String value) {
    options.projectId(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#agentId}. */
  public ClientBuilder agentId(String value) {
    options.agentId(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#streaming}. */
  public ClientBuilder streaming(boolean value) {
    options.streaming(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#streamCompression}. */
  public ClientBuilder streamCompression(boolean value) {
    options.streamCompression(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#cacheTtl}. */
  public ClientBuilder cacheTtl(Duration value) {
    options.cacheTtl(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#requestTimeout}. */
  public ClientBuilder requestTimeout(Duration value) {
    options.requestTimeout(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#connectTimeout}. */
  public ClientBuilder connectTimeout(Duration value) {
    options.connectTimeout(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#backoff}. */
  public ClientBuilder backoff(Backoff value) {
    options.backoff(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#pingInterval}. */
  public ClientBuilder pingInterval(Duration value) {
    options.pingInterval(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#maxUpdateAttempts}. */
  public ClientBuilder maxUpdateAttempts(int value) {
    options.maxUpdateAttempts(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#authToken}. */
  public ClientBuilder authToken(String value) {
    options.authToken(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#tokenEncoding}. */
  public ClientBuilder tokenEncoding(TokenEncoding value) {
    options.tokenEncoding(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#clock}. */
  public ClientBuilder clock(Clock value) {
    options.clock(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#random}. */
  public ClientBuilder random(RandomGenerator value) {
    options.random(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#scheduler}. */
  public ClientBuilder scheduler(ScheduledExecutorService value) {
    options.scheduler(value);
    return this;
  }

  /** See {@link ClientOptionsBuilder#executor}. */
  public ClientBuilder executor(Executor value) {
    options.executor(value);
    return this;
  }

  /** Adds a listener that sees every event from the start, the first snapshot included. */
  public ClientBuilder listener(ClientListener value) {
    listeners.add(Objects.requireNonNull(value, "listener"));
    return this;
  }

  /**
   * Builds and starts the client; with streaming on, it begins connecting at once and returns
   * without waiting for the connection.
   *
   * @throws IllegalStateException if no project id was set
   */
  public SharedContextClient build() {
    return SharedContextClient.create(options.build(), listeners.toArray(new ClientListener[0]));
  }
}
