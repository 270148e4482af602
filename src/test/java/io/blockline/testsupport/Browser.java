package io.blockline.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * {@code scripts/install-browser}) driven by Selenium, for tests of the dashboard. Started as root
 * without a network: no sandbox, nothing fetched, a fresh profile. When the two binaries are not
 * installed, the test is skipped (a JUnit assumption) and says why.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final Path profile;

  private Browser(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static Browser start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no real browser: " + CHROMIUM + " and " + CHROMEDRIVER + " must both be installed (Debian packages chromium and "
            + "chromium-driver; scripts/test and .ci/run install them when run as root with apt-get)");
    try {
      Path profile = Files.createTempDirectory("blockline-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a browser profile directory", e);
    }
  }

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }, "an element " + css);
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits until the element's text is the expected one (pages redraw on live events). */
  public void awaitText(String css, String expected) {
    until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return !found.isEmpty() && found.get(0).getText().trim().equals(expected) ? Boolean.TRUE : null;
    }, css + " to read '" + expected + "'");
  }

  /**
   * Waits for any condition on the page; {@code what} names it in the failure. Live pages redraw
   * (replacing their elements), so an element gone stale while being read is simply read again.
   */
  public <T> T until(ExpectedCondition<T> condition, String what) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
        .withMessage(() -> "waited " + WAIT.toSeconds() + " s for " + what + " on " + driver.getCurrentUrl())
        .until(condition);
  }

  /** The element's text, read once it is there (again if a redraw replaced it meanwhile). */
  public String text(String css) {
    return until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() ? null : found.get(0).getText();
    }, "the text of " + css);
  }

  /** A value computed by a script in the page, in one step (no element can go stale between reads). */
  @SuppressWarnings("unchecked")
  public <T> T script(String javascript) {
    return (T) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(javascript);
  }

  /** Clicks once the element is there (redraws replace elements, so it is looked up afresh). */
  public void click(String css) {
    until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      if (found.isEmpty() || !found.get(0).isDisplayed() || !found.get(0).isEnabled()) {
        return null;
      }
      found.get(0).click();
      return Boolean.TRUE;
    }, "a clickable " + css);
  }

  /** Confirms the open confirmation dialog. */
  public void confirm() {
    find("#confirm-dialog[open] #confirm-ok");
    click("#confirm-ok");
    until(d -> d.findElements(By.cssSelector("#confirm-dialog[open]")).isEmpty() ? Boolean.TRUE : null,
        "the confirmation dialog to close");
  }

  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + name, e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind costs nothing
    }
  }
}
