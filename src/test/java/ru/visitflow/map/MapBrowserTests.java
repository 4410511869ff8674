package ru.visitflow.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.Geolocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitService;
import ru.visitflow.web.SystemChromium;

/**
 * The map in the system Chromium against the app on a random port with the demo data and
 * the Bitrix24 sandbox: a rep zooms to a company, clicks its marker, plans a visit from
 * the popup and finds it in the visit list; and the field app's "Маршрут" opens from
 * "Сегодня" at 360x640 from the phone's position. Skipped, with how to install it, when
 * Chromium is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:map-browser;DB_CLOSE_DELAY=-1", "visitflow.demo.enabled=true",
				"visitflow.bitrix24-sandbox.snapshot-file=",
				"visitflow.map.tile-url=http://127.0.0.1:9/{z}/{x}/{y}.png",
				"visitflow.bitrix24-sandbox.requests-per-second=500", "visitflow.bitrix24-sandbox.burst=5000",
				"visitflow.bitrix24.rate-limit.requests-per-second=500", "visitflow.bitrix24.rate-limit.burst=5000" })
class MapBrowserTests {

	private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	/**
	 * A sandbox company in rep1's territory (it has rep1's demo visits); the map is
	 * zoomed to it.
	 */
	private static final long COMPANY = 108;

	private static SystemChromium chromium;

	private static Browser browser;

	@LocalServerPort
	private int port;

	@Autowired
	private VisitService visits;

	@Autowired
	private CompanyMirror companies;

	@BeforeAll
	static void launchChromium() {
		chromium = SystemChromium.launchOrSkip("the map's browser tests");
		browser = chromium.browser();
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void aRepClicksAMarkerPlansAVisitFromThePopupAndFindsItInTheVisitList() {
		Company company = located(COMPANY);
		LocalDate day = LocalDate.now(MOSCOW).plusDays(5);
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1000, 800)
			.setLocale("ru-RU")
			.setTimezoneId("Europe/Moscow")
			.setBaseURL("http://localhost:" + this.port))) {
			context.setDefaultTimeout(45_000);
			Page page = login(context, "/map");
			page.waitForFunction("() => window.visitflowMap && document.getElementById('shown').textContent !== ''");
			// zoom to the company, where single markers show, and wait for that
			// viewport's markers
			page.evaluate("() => document.getElementById('shown').textContent = ''");
			page.evaluate("([lat, lon]) => window.visitflowMap.setView([lat, lon], 17, { animate: false })",
					List.of(company.latitude(), company.longitude()));
			page.waitForFunction("() => document.getElementById('shown').textContent !== ''");
			page.waitForTimeout(200);
			// the marker nearest the company (the map shows the company's map position,
			// which may be refined)
			@SuppressWarnings("unchecked")
			Map<String, Object> point = (Map<String, Object>) page.evaluate("([lat, lon]) => {"
					+ " const map = window.visitflowMap; let best = null, bestDistance = Infinity;"
					+ " map.eachLayer((l) => { if (l instanceof L.CircleMarker) {"
					+ "  const d = map.distance(l.getLatLng(), [lat, lon]); if (d < bestDistance) { best = l; bestDistance = d; } } });"
					+ " const p = map.latLngToContainerPoint(best.getLatLng()); return { x: p.x, y: p.y, metres: bestDistance }; }",
					List.of(company.latitude(), company.longitude()));
			assertThat(((Number) point.get("metres")).doubleValue()).isLessThan(2000);
			BoundingBox box = page.locator("#map").boundingBox();
			page.mouse()
				.click(box.x + ((Number) point.get("x")).doubleValue(),
						box.y + ((Number) point.get("y")).doubleValue());
			// the popup is filled in and stands still (any pan into view is over) before
			// the form is used; everything below addresses this one popup
			Locator popup = page.locator(".vf-popup[data-state=ready]");
			popup.waitFor();
			String title = popup.locator("h3").textContent();
			assertThat(title).isNotBlank();
			assertThat(popup.textContent()).contains("Запланировать визит");
			popup.locator("input[name=date]").fill(day.toString());
			popup.locator("input[name=time]").fill("15:40");
			popup.locator(".plan-form button[type=submit]").click();
			// the answer's line: success or the error, whichever comes, then the verdict
			Locator planned = page.locator(".vf-popup[data-state=planned], .vf-popup[data-state=failed]");
			planned.waitFor();
			assertThat(planned.locator(".plan-status").textContent()).contains("Визит запланирован");
			String href = planned.locator("a[href*='/visits/']").getAttribute("href");
			UUID id = UUID.fromString(href.substring(href.lastIndexOf('/') + 1));
			Visit visit = this.visits.load(id);
			assertThat(visit.companyTitle()).isEqualTo(title);
			// in the visit list
			APIResponse list = context.request()
				.get("/api/visits?companyId=" + visit.companyId() + "&from=" + day + "&to=" + day.plusDays(1));
			assertThat(list.status()).isEqualTo(200);
			assertThat(list.text()).contains(id.toString(), title);
			assertThat(visit.repId()).isEqualTo("rep1");
			assertThat(visit.plannedStart()).isEqualTo(day.atTime(LocalTime.of(15, 40)).atZone(MOSCOW).toInstant());
		}
	}

	@Test
	void theFieldAppsRouteOpensFromTodayAtAPhonesSizeFromItsPosition() {
		Company company = located(COMPANY);
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 640)
			.setIsMobile(true)
			.setHasTouch(true)
			.setLocale("ru-RU")
			.setTimezoneId("Europe/Moscow")
			.setGeolocation(new Geolocation(company.latitude() + 0.01, company.longitude()).setAccuracy(25))
			.setPermissions(List.of("geolocation"))
			.setBaseURL("http://localhost:" + this.port))) {
			context.setDefaultTimeout(45_000);
			Page page = login(context, "/field/");
			page.click("#route-link");
			page.waitForURL("**/field/route?**lat=**");
			assertThat(page.textContent("main h1")).startsWith("Маршрут на");
			assertThat(page.textContent("main")).contains("От моего местоположения");
			assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
				.isTrue();
			if (page.locator("#stops li").count() > 0) {
				assertThat(page.getAttribute("a.yandex", "href")).startsWith("https://yandex.ru/maps/?rtext=");
				assertThat(page.locator("form.apply button").isVisible()).isTrue();
			}
		}
	}

	private Page login(BrowserContext context, String path) {
		return SystemChromium.logIn(context, path, "rep1", "demo");
	}

	/**
	 * The company as mirrored from the sandbox (the mirror fills in the background after
	 * start).
	 */
	private Company located(long companyId) {
		waitFor(() -> this.companies.company(companyId).map((c) -> c.latitude() != null).orElse(false),
				"company " + companyId + " in the mirror");
		return this.companies.company(companyId).orElseThrow();
	}

	/** Waits for work the app does in the background (the mirror), not for a timer. */
	private static void waitFor(BooleanSupplier condition, String what) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
