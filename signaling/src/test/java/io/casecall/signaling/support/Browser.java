package io.casecall.signaling.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), with fake
 * camera and microphone. Binary and driver are given explicitly, so Selenium Manager never
 * downloads anything.
 */
public final class Browser implements AutoCloseable {

	private static final String CHROMIUM = env("CASECALL_CHROMIUM", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = env("CASECALL_CHROMEDRIVER", "/usr/bin/chromedriver");

	private final RemoteWebDriver driver;

	private final Path profile;

	private Browser(RemoteWebDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** A desktop-sized browser with fake media devices. */
	public static Browser open() {
		return open(1280, 800);
	}

	public static Browser open(int width, int height, String... extraArguments) {
		Path profile = profile();
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		return started(new ChromeDriver(service, options(profile, width, height, extraArguments)), profile, width,
				height);
	}

	/**
	 * The same browser driven through a ChromeDriver that runs elsewhere, e.g. in the benchmark's
	 * emulated far-away network namespace ({@code ./dev bench --wan}). The namespace shares this
	 * machine's file system, so the binary and the profile folder are the same.
	 */
	public static Browser remote(java.net.URL chromedriver, int width, int height, String... extraArguments) {
		Path profile = profile();
		return started(new RemoteWebDriver(chromedriver, options(profile, width, height, extraArguments)), profile,
				width, height);
	}

	private static ChromeOptions options(Path profile, int width, int height, String... extraArguments) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
				"--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
				"--window-size=" + width + "," + height);
		options.addArguments(extraArguments);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		return options;
	}

	private static Browser started(RemoteWebDriver driver, Path profile, int width, int height) {
		driver.manage().window().setSize(new Dimension(width, height));
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
		return new Browser(driver, profile);
	}

	private static Path profile() {
		try {
			return Files.createTempDirectory("casecall-chromium");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public RemoteWebDriver driver() {
		return this.driver;
	}

	public void get(String url) {
		this.driver.get(url);
	}

	/** Runs a script in the page and returns its result. */
	public Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/** Runs an async script: the last argument is the callback. */
	public Object asyncScript(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeAsyncScript(script, args);
	}

	/** The page's console messages since the last call (for diagnosing a failed test). */
	public String consoleLog() {
		StringBuilder text = new StringBuilder();
		this.driver.manage().logs().get(LogType.BROWSER).forEach((entry) -> text.append(entry.getLevel())
			.append(' ')
			.append(entry.getMessage())
			.append('\n'));
		return text.toString();
	}

	/** Saves a screenshot under {@code target/screenshots/<name>.png} and returns its path. */
	public Path screenshot(String name) {
		try {
			Path target = Path.of("target", "screenshots", name + ".png").toAbsolutePath();
			Files.createDirectories(target.getParent());
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteQuietly(this.profile);
		}
	}

	private static void deleteQuietly(Path dir) {
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temp folder left behind is harmless
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
