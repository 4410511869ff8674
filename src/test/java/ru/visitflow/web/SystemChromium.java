package ru.visitflow.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's Chromium driven by Playwright for the browser tests: never a downloaded
 * browser. Without Chromium the calling tests are skipped with how to install it.
 */
public final class SystemChromium implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VISITFLOW_CHROMIUM", "/usr/bin/chromium"));

	private final Playwright playwright;

	private final Browser browser;

	private SystemChromium() {
		this.playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		this.browser = this.playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
	}

	/**
	 * Launches Chromium headless, or skips {@code tests} (say which, e.g. "the map's
	 * browser tests").
	 */
	public static SystemChromium launchOrSkip(String tests) {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
				"No Chromium at " + CHROMIUM + ": " + tests
						+ " are skipped. Install it with `apt-get install chromium` "
						+ "(CI's .ci/run does), or point VISITFLOW_CHROMIUM at a Chromium binary.");
		return new SystemChromium();
	}

	public Browser browser() {
		return this.browser;
	}

	/**
	 * Opens {@code path}, logs in on the app's login page it leads to, and waits to be
	 * back at {@code path}.
	 */
	public static Page logIn(BrowserContext context, String path, String user, String password) {
		Page page = context.newPage();
		page.navigate(path);
		page.fill("#username", user);
		page.fill("#password", password);
		page.click("form.login button[type=submit]");
		page.waitForURL("**" + path + "**");
		return page;
	}

	@Override
	public void close() {
		this.browser.close();
		this.playwright.close();
	}

}
