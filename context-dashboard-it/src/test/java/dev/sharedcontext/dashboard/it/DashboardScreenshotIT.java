package dev.sharedcontext.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sharedcontext.core.store.ContextStore;
import dev.sharedcontext.server.ServerOptions;
import dev.sharedcontext.server.SharedContextServer;
import dev.sharedcontext.traces.Trace;
import dev.sharedcontext.traces.TraceContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;

/**
 * The screenshot of the README: two real project histories (the shared traces) replayed by four
 * agents for about twenty seconds, with subscribers reading the deltas, late readers taking
 * snapshots, and now and then a conflicting commit, all at the default one-second interval.
 * {@code -Ddashboard.screenshot=<file>} says where it goes (default {@code target/dashboard.png}).
 */
class DashboardScreenshotIT {
  private static final List<String> AGENTS = List.of("planner", "coder", "reviewer", "tester");
  private static final int TICKS = 80; // every 250 ms: 20 s of traffic

  @Test
  void replaysRealHistoriesWhileThePageWatchesThenTakesTheScreenshot() throws Exception {
    Trace ky = Trace.load("sindresorhus__ky");
    Trace cobra = Trace.load("spf13__cobra");
    try (ContextStore store = ContextStore.inMemory();
        SharedContextServer server = SharedContextServer.builder().port(0).store(store)
            .options(ServerOptions.builder().shutdownQuietPeriod(Duration.ofMillis(100)).build()).build().start();
        Browser browser = Browser.start();
        Agents agents = new Agents(server.uri(), null)) {
      DashboardPage page = new DashboardPage(browser.driver).open(server.uri());
      page.awaitStatus("Live");

      agents.put("ky-http-client", TraceContexts.toJson(ky.version(0).state()), "planner");
      agents.put("cobra-cli", TraceContexts.toJson(cobra.version(0).state()), "planner");
      ObjectNode notes = Agents.JSON.createObjectNode().put("title", "Release notes").put("status", "draft");
      agents.put("release-notes", notes, "planner");
      for (String agent : List.of("coder", "reviewer", "tester")) {
        agents.subscribe("ky-http-client", agent);
        agents.subscribe("cobra-cli", agent);
      }
      agents.subscribe("release-notes", "reviewer");

      Random random = new Random(42);
      AtomicInteger kyNext = new AtomicInteger(1);
      AtomicInteger cobraNext = new AtomicInteger(1);
      // The traffic goes on until the screenshot is taken, so that it shows a live server.
      CountDownLatch warmedUp = new CountDownLatch(TICKS);
      AtomicInteger ticks = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
      traffic.scheduleWithFixedDelay(() -> {
        if (failure.get() != null) {
          return;
        }
        try {
          traffic(agents, ky, cobra, kyNext, cobraNext, random, ticks.getAndIncrement());
          warmedUp.countDown();
        } catch (Throwable e) {
          failure.set(e);
          while (warmedUp.getCount() > 0) {
            warmedUp.countDown();
          }
        }
      }, 0, 250, TimeUnit.MILLISECONDS);
      try {
        assertThat(warmedUp.await(120, TimeUnit.SECONDS)).as("traffic ran").isTrue();
        assertThat(failure.get()).as("traffic failure").isNull();
        int kyVersions = kyNext.get();
        assertThat(kyVersions).isGreaterThan(60);
        page.await("ky's version in the table", d -> version(page.cell("ky-http-client", "version")) >= kyVersions);
        page.pick("ky-http-client");
        page.await("ky's timeline, its last 60 versions", d -> page.timelineVersions() == 60);
        assertThat(page.timelineAgents()).containsAnyElementsOf(AGENTS);
        assertThat(page.kpi("saved")).isGreaterThan(page.kpi("served"));
        assertThat(page.kpi("conflicts")).isNotNaN();
        assertThat(page.chartPoints("tokens")).isGreaterThan(10);
        screenshot(browser, page);
      } finally {
        traffic.shutdown(); // no interrupt: the tick under way finishes, no new one starts
        traffic.awaitTermination(30, TimeUnit.SECONDS);
      }
      assertThat(failure.get()).as("traffic failure").isNull();
      // Not this test's subject (WebSocketIT's is), but worth a line in the log when it happens.
      agents.closed.forEach(c -> System.out.println("dashboard: a subscription ended early: " + c));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The whole page at 1440 px wide, into {@code -Ddashboard.screenshot} or target/dashboard.png. */
  private static void screenshot(Browser browser, DashboardPage page) throws IOException {
    long height = ((Number) page.script("return document.documentElement.scrollHeight")).longValue();
    // A window cannot grow past the headless screen; the device metrics can.
    browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 1440, "height", height, "deviceScaleFactor", 1, "mobile", false));
    new Actions(browser.driver).moveToLocation(1, 1).perform(); // no hover highlight in the picture
    int before = page.updates();
    page.await("two renders at the new size", d -> page.updates() > before + 1);
    Path file = Path.of(System.getProperty("dashboard.screenshot", "target/dashboard.png")).toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.write(file, browser.driver.getScreenshotAs(OutputType.BYTES));
    System.out.printf("dashboard: page loaded in %s ms; screenshot %s%n",
        page.script("return Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd)"), file);
  }

  private static long version(String cell) {
    return cell == null ? -1 : Long.parseLong(cell.replaceAll("[^0-9]", ""));
  }

  /** One tick of traffic: a load that swells and ebbs, so that the charts have a shape. */
  private static void traffic(Agents agents, Trace ky, Trace cobra, AtomicInteger kyNext, AtomicInteger cobraNext,
      Random random, long tick) {
    int commits = (int) Math.round(1.5 + 1.5 * Math.sin(tick / 9.0)) + (random.nextInt(5) == 0 ? 1 : 0);
    for (int c = 0; c < commits; c++) {
      String agent = AGENTS.get(random.nextInt(AGENTS.size()));
      if (random.nextInt(3) > 0) {
        agents.put("ky-http-client", TraceContexts.toJson(ky.version(kyNext.getAndIncrement() % ky.size()).state()), agent);
      } else {
        agents.put("cobra-cli", TraceContexts.toJson(cobra.version(cobraNext.getAndIncrement() % cobra.size()).state()), agent);
      }
    }
    if (tick % 6 == 0) {
      agents.replace("release-notes", "/status", "revision " + tick, AGENTS.get((int) (tick / 6) % 4));
    }
    if (tick % 11 == 5) {
      agents.conflict("release-notes", "/status", 1, "tester");
    }
    agents.read(tick % 2 == 0 ? "ky-http-client" : "cobra-cli");
  }
}
