package dev.sharedcontext.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.ServerOptionsBuilder;
import dev.sharedcontext.server.SharedContextServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The dashboard in headless Chromium against a real server: figures, table, timeline, outages, sign-in. */
class DashboardIT {
  static Browser browser;
  static DashboardPage page;

  private final ContextStore store = ContextStore.inMemory();
  private SharedContextServer server;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
    page = new DashboardPage(browser.driver);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
    store.close();
  }

  private SharedContextServer start(int port, ServerOptionsBuilder options) {
    server = SharedContextServer.builder().port(port).store(store)
        .options(options.shutdownQuietPeriod(Duration.ofMillis(100)).build()).build().start();
    return server;
  }

  private static ServerOptionsBuilder fast() {
    return ServerOptions.builder().metricsStreamInterval(Duration.ofMillis(300));
  }

  @Test
  void loadsFastThenFollowsCommitsInChartsTableAndTimeline() {
    start(0, fast());
    page.open(server.uri());
    page.awaitStatus("Live");
    page.await("two readings", d -> page.chartPoints("commits") >= 1);
    long load = ((Number) page.script("return performance.getEntriesByType('navigation')[0].loadEventEnd")).longValue();
    double firstFigures = ((Number) page.script(
        "return performance.getEntriesByName('sharedcontext:first-figures')[0].startTime")).doubleValue();
    assertThat(load).as("page load, ms").isLessThan(1000);
    assertThat(firstFigures).as("first figures shown, ms after navigation").isLessThan(1000);
    assertThat(page.chartMax("commits")).isZero();
    assertThat(page.shown("#projects-empty")).isTrue();

    try (Agents agents = new Agents(server.uri(), null)) {
      String project = "dash-it-" + Long.toHexString(System.nanoTime());
      ObjectNode context = Agents.JSON.createObjectNode().put("task", "parse the trace");
      context.putObject("files").put("README.md", "# Demo\nline two\n");
      agents.put(project, context, "alice");
      agents.subscribe(project, "bob");
      agents.subscribe(project, "carol");
      List<String> who = List.of("alice", "bob", "carol");
      for (int i = 1; i <= 12; i++) {
        agents.replace(project, "/task", "step " + i + " of the plan", who.get(i % 3));
      }
      agents.read(project);
      agents.read(project);

      page.await("the new project's row at version 13", d -> "13".equals(page.cell(project, "version")));
      assertThat(page.cell(project, "agentId")).isEqualTo("alice"); // step 12: 12 % 3 == 0
      assertThat(page.cell(project, "subscribers")).isEqualTo("2");
      assertThat(page.cell(project, "versions")).isEqualTo("13");
      assertThat(page.cell(project, "size")).endsWith(" B");
      assertThat(page.shown("#projects-empty")).isFalse();
      page.await("commits in the chart", d -> page.chartMax("commits") > 0);
      page.await("tokens in the chart", d -> page.chartMax("tokens") > 0);
      page.await("tokens saved", d -> page.kpi("saved") > 0);
      assertThat(page.kpi("served")).isPositive();
      page.await("cache hits", d -> page.kpi("cache") > 0);
      assertThat(page.text("#kpi-connections .note")).contains("2 subscribers");

      page.pick(project);
      page.await("13 versions in the timeline", d -> page.timelineVersions() == 13);
      assertThat(page.timelineAgents()).containsExactly("alice", "bob", "carol");
      assertThat(page.text("#timeline-recent li:first-child")).contains("v13", "alice");
      assertThat(page.text("#timeline-title")).isEqualTo("Version timeline of " + project);

      agents.delete(project);
      page.await("the row gone", d -> page.cell(project, "version") == null);
      page.await("the timeline saying so", d -> page.text("#timeline-title").endsWith("(deleted)"));
      assertThat(page.shown("#projects-empty")).isTrue();
    }
  }

  @Test
  void saysDisconnectedWhileTheServerIsAwayAndRecoversWhenItReturns() {
    int port = start(0, fast()).port();
    new Agents(server.uri(), null).put("survivor", Agents.JSON.createObjectNode().put("task", "before"), "alice");
    page.open(server.uri());
    page.awaitStatus("Live");
    page.await("the project's row", d -> "1".equals(page.cell("survivor", "version")));
    assertThat(page.shown("#banner")).isFalse();

    server.close();
    page.await("the disconnected banner", d -> page.shown("#banner"));
    assertThat(page.text("#banner")).contains("Disconnected — retrying");
    assertThat(page.status()).isEqualTo("Disconnected");

    start(port, fast()); // the same port and store, as a restarted server
    page.awaitStatus("Live");
    page.await("no banner", d -> !page.shown("#banner"));
    new Agents(server.uri(), null).put("survivor", Agents.JSON.createObjectNode().put("task", "after"), "bob");
    page.await("the row after the restart", d -> "2".equals(page.cell("survivor", "version")));
    assertThat(page.cell("survivor", "agentId")).isEqualTo("bob");
  }

  @Test
  void signsInWithATokenKeptOutOfTheAddress() {
    String admin = "admin-" + Long.toHexString(System.nanoTime());
    start(0, fast().accessTokens(List.of(
        AccessToken.allProjects(admin, Access.ADMIN),
        AccessToken.allProjects("reader-token", Access.READ))));
    new Agents(server.uri(), admin).put("secret-project", Agents.JSON.createObjectNode().put("task", "x"), "alice");

    page.open(server.uri());
    page.awaitStatus("Sign in required");
    assertThat(page.shown("#login")).isTrue();
    assertThat(page.shown("#main")).isFalse();

    page.signIn("not-a-token");
    page.await("the refusal", d -> page.text("#login-error").contains("did not accept"));
    page.signIn("reader-token");
    page.await("the missing grant", d -> page.text("#login-error").contains("does not grant admin"));
    page.signIn(admin);
    page.awaitStatus("Live");
    assertThat(page.shown("#login")).isFalse();
    page.await("the project's row", d -> "1".equals(page.cell("secret-project", "version")));
    page.await("its timeline, read with the token", d -> page.timelineVersions() == 1);

    assertThat(browser.driver.getCurrentUrl()).doesNotContain(admin);
    assertThat(page.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')").toString())
        .doesNotContain(admin).contains("/metrics/stream", "/versions");
    assertThat(page.script("return sessionStorage.getItem('sharedcontext.dashboard.token')")).isEqualTo(admin);

    browser.driver.navigate().refresh(); // the tab keeps the token
    page.awaitStatus("Live");
    browser.driver.findElement(By.id("sign-out")).click();
    page.awaitStatus("Sign in required");
    assertThat(page.script("return sessionStorage.getItem('sharedcontext.dashboard.token')")).isNull();
  }
}
