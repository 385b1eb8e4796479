package dev.sharedcontext.dashboard.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by
 * Selenium through {@code /usr/bin/chromedriver}: nothing is downloaded, and the driver always
 * matches the browser because both come from the same source package.
 *
 * <p>Without the browser the tests are skipped on a developer's machine, but fail under CI
 * ({@code CI} set), where {@code .ci/run} installs it.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("dashboard.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("dashboard.chromedriver", "/usr/bin/chromedriver");

  // Selenium looks for a DevTools binding of this Chromium's version and warns that it has none;
  // nothing here uses DevTools. Held in a field: java.util.logging keeps loggers weakly.
  private static final Logger CDP_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A new browser with a fresh profile and a 1440 × 1000 window. */
  static Browser start() {
    boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    if (!installed && System.getenv("CI") != null) {
      throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER
          + " are needed: apt-get install -y chromium chromium-driver");
    }
    assumeTrue(installed, "no " + CHROMIUM + " / " + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver");
    Path profile;
    try {
      profile = Files.createTempDirectory("dashboard-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // The flags this machine's closed network needs: no background connections, no updates.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1440,1000", "--force-device-scale-factor=1",
        "--lang=en-US", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver, profile);
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a temporary folder left behind is not worth failing a test for
      }
    }
  }
}
