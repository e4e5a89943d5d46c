package io.casecall.signaling.support;

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
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

import io.casecall.room.test.Chromium;

/**
 * A real headless Chromium, launched as every test does ({@code io.casecall.room.test.Chromium}:
 * Debian's binaries, fake camera and microphone, nothing downloaded), sized like a screen.
 */
public final class Browser implements AutoCloseable {

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
		Path profile = Chromium.newProfile();
		return started(new ChromeDriver(Chromium.driverService(), options(profile, width, height, extraArguments)),
				profile, width, height);
	}

	/**
	 * The same browser driven through a ChromeDriver that runs elsewhere, e.g. in the benchmark's
	 * emulated far-away network namespace ({@code ./dev bench --wan}). The namespace shares this
	 * machine's file system, so the binary and the profile folder are the same.
	 */
	public static Browser remote(java.net.URL chromedriver, int width, int height, String... extraArguments) {
		Path profile = Chromium.newProfile();
		return started(new RemoteWebDriver(chromedriver, options(profile, width, height, extraArguments)), profile,
				width, height);
	}

	private static ChromeOptions options(Path profile, int width, int height, String... extraArguments) {
		ChromeOptions options = Chromium.options(profile, "--window-size=" + width + "," + height);
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

	/** Video frames are being decoded now on a call page: its count goes up over 300 ms. */
	public boolean videoFlowing() throws InterruptedException {
		long first = framesDecoded();
		Thread.sleep(300);
		return first >= 0 && framesDecoded() > first;
	}

	/** The call page's decoded video frames (its media counters), or -1 when it cannot tell. */
	public long framesDecoded() {
		Object result = asyncScript("const done = arguments[arguments.length - 1];"
				+ "window.casecall.stats().then((s) => done(s.framesDecoded || 0), () => done(-1));");
		return (result instanceof Number number) ? number.longValue() : -1;
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
			Chromium.deleteProfile(this.profile);
		}
	}

}
