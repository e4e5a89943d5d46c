package io.casecall.room.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * How every test launches a headless Chromium: Debian's {@code chromium} and
 * {@code chromium-driver} ({@code CASECALL_CHROMIUM}, {@code CASECALL_CHROMEDRIVER}), given
 * explicitly so Selenium Manager never downloads anything, with a fake camera and microphone and
 * a throw-away profile. Room-service's JVB peers and signaling's {@code Browser} both start here.
 */
public final class Chromium {

	public static final String BINARY = env("CASECALL_CHROMIUM", "/usr/bin/chromium");

	public static final String DRIVER = env("CASECALL_CHROMEDRIVER", "/usr/bin/chromedriver");

	private Chromium() {
	}

	/** Options for a headless browser with fake media devices, using {@code profile}. */
	public static ChromeOptions options(Path profile, String... extraArguments) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
				"--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
		options.addArguments(extraArguments);
		return options;
	}

	/** The Debian chromedriver on a free port. */
	public static ChromeDriverService driverService() {
		return new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
	}

	/** A fresh profile folder. */
	public static Path newProfile() {
		try {
			return Files.createTempDirectory("casecall-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes a profile folder; one left behind is harmless. */
	public static void deleteProfile(Path profile) {
		try (var paths = Files.walk(profile)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temp folder; nothing to do
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
