package dev.parley.testing;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A headless Chromium for the desk's browser tests: Debian's {@code /usr/bin/chromium} driven by
 * {@code /usr/bin/chromedriver} (no browser download), 1280×900 or a 360 px wide phone. Without
 * them the test is skipped loudly (stderr); with {@code CI=true} it fails, so CI never passes
 * by skipping. axe-core checks accessibility ({@link #assertNoSeriousViolations}).
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = System.getenv().getOrDefault("PARLEY_TEST_CHROMIUM", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getenv().getOrDefault("PARLEY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A desktop window, 1280×900. */
    public static Browser desktop() {
        return open(1280, 900);
    }

    /** A phone: 360 px wide. */
    public static Browser phone() {
        return open(360, 800);
    }

    public static Browser open(int width, int height) {
        requireChromium();
        Path profile;
        try {
            profile = Files.createTempDirectory("parley-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // --window-size is the outer size in some versions; make the viewport what the test asked for
        driver.manage().window().setSize(new Dimension(width, height));
        Browser browser = new Browser(driver, profile);
        long inner = browser.number("return window.innerWidth");
        if (inner != width) {
            driver.manage().window().setSize(new Dimension(width + (int) (width - inner), height));
        }
        return browser;
    }

    /** Skips (loudly) without Chromium and its driver; fails instead under CI=true. */
    public static void requireChromium() {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (present) {
            return;
        }
        String message = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true, so this fails instead of skipping");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser go(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Waits (up to 15 s) for what a click or a script started: a click that submits a form returns
     * before the next page has loaded, so reading the page at once may see the old one or none.
     * An element that htmx or a live event swaps out while the condition reads it is read again
     * (stale), as is one not there yet.
     */
    public WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15)) {
            @Override
            public <V> V until(java.util.function.Function<? super org.openqa.selenium.WebDriver, ? extends V> condition) {
                return super.until((org.openqa.selenium.WebDriver d) -> {
                    try {
                        return condition.apply(d);
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (swappedOut(e)) {
                            return null; // not yet: read it again
                        }
                        throw e;
                    }
                });
            }
        };
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Whether reading an element failed because it was swapped out of the page meanwhile: a stale
     * element, or (as Chromium's driver reports some of them) a node that "does not belong to the
     * document" any more.
     */
    static boolean swappedOut(org.openqa.selenium.WebDriverException e) {
        return e instanceof org.openqa.selenium.StaleElementReferenceException
                || String.valueOf(e.getMessage()).contains("does not belong to the document");
    }

    /** Waits until the page's first heading reads {@code text} (the page a click led to has loaded). */
    public void awaitHeading(String text) {
        await().withMessage(() -> "h1 to read '" + text + "' on " + driver.getCurrentUrl())
                .until(d -> d.findElements(By.tagName("h1")).stream().anyMatch(h -> text.equals(h.getText())));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public long number(String js) {
        return ((Number) script(js)).longValue();
    }

    /** The console's errors and warnings since the last call (CSP violations are reported here). */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
    }

    /**
     * No console errors or warnings, except the report of the page's own status when a test
     * opens a page that answers 404 on purpose (Chromium logs every 4xx document load).
     */
    public void assertNoConsoleErrors() {
        String own = driver.getCurrentUrl() + " - Failed to load resource";
        assertThat(consoleProblems().stream().filter(p -> !p.contains("] " + own)).toList())
                .as("browser console on " + driver.getCurrentUrl()).isEmpty();
    }

    /** The page is no wider than the window: nothing scrolls sideways. */
    public void assertNoHorizontalScroll() {
        long scroll = number("return document.documentElement.scrollWidth");
        long inner = number("return document.documentElement.clientWidth");
        assertThat(scroll).as("page width at " + inner + " px on " + driver.getCurrentUrl()).isLessThanOrEqualTo(inner);
    }

    /** axe-core (WCAG 2.x A/AA and best practices): serious and critical violations fail, each listed. */
    public void assertNoSeriousViolations() {
        assertNoSeriousViolations(driver);
    }

    public static void assertNoSeriousViolations(org.openqa.selenium.WebDriver driver) {
        Results results = new AxeBuilder().analyze(driver);
        List<String> serious = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(Browser::describe).toList();
        assertThat(serious).as("axe-core serious/critical violations on " + driver.getCurrentUrl()).isEmpty();
    }

    private static String describe(Rule rule) {
        StringBuilder s = new StringBuilder(rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp());
        rule.getNodes().forEach(n -> s.append("\n    ").append(n.getTarget()).append(" ").append(n.getFailureSummary()));
        return s.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory; the OS cleans it eventually
            }
        }
    }
}
