package dev.sharedcontext.dashboard.it;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard as a test sees it: what is shown, read from the DOM, and waits on it. */
final class DashboardPage {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final WebDriver driver;

  DashboardPage(WebDriver driver) {
    this.driver = driver;
  }

  DashboardPage open(URI server) {
    driver.get(server.resolve("/dashboard").toString());
    return this;
  }

  /** Waits until {@code condition} holds (not null, not false), polling the page. */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).withMessage(what).until(condition);
  }

  String status() {
    return text("#status-text");
  }

  void awaitStatus(String expected) {
    await("status " + expected, d -> status().equals(expected));
  }

  // Reads go through one script each: the page re-renders every second, and an element found
  // in one call may be replaced before the next (a stale reference).

  boolean shown(String css) {
    return Boolean.TRUE.equals(script("const e = document.querySelector(arguments[0]);"
        + " return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';", css));
  }

  /** The rendered text of the first match, or null. */
  String text(String css) {
    return (String) script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
  }

  String attribute(String css, String name) {
    return (String) script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        css, name);
  }

  /** The raw figure behind a key-figure card, e.g. {@code kpi("saved")}; NaN while there is none. */
  double kpi(String name) {
    String raw = attribute("#kpi-" + name + " .value", "data-value");
    return raw == null || raw.isEmpty() ? Double.NaN : Double.parseDouble(raw);
  }

  /** The largest value a chart shows now ({@code tokens} or {@code commits}). */
  double chartMax(String chart) {
    String raw = attribute("#chart-" + chart, "data-max");
    return raw == null ? 0 : Double.parseDouble(raw);
  }

  int chartPoints(String chart) {
    String raw = attribute("#chart-" + chart, "data-points");
    return raw == null ? 0 : Integer.parseInt(raw);
  }

  /** Updates rendered since the page loaded. */
  int updates() {
    String raw = attribute("#main", "data-updates");
    return raw == null ? 0 : Integer.parseInt(raw);
  }

  /** A cell of a project's row ({@code version, versions, subscribers, size, tokens, agentId, timestamp}), or null. */
  String cell(String project, String column) {
    return text("#projects-body tr[data-project='" + project + "'] td[data-col='" + column + "']");
  }

  void pick(String project) {
    driver.findElement(By.cssSelector("#projects-body tr[data-project='" + project + "'] button.project")).click();
  }

  int timelineVersions() {
    String raw = attribute("#timeline-plot", "data-versions");
    return raw == null ? 0 : Integer.parseInt(raw);
  }

  List<String> timelineAgents() {
    String raw = attribute("#timeline-plot", "data-agents");
    return raw == null || raw.isEmpty() ? List.of() : List.of(raw.split(","));
  }

  void signIn(String token) {
    WebElement field = driver.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }
}
