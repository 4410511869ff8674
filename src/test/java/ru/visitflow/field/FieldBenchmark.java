package ru.visitflow.field;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import com.google.gson.JsonObject;
import com.microsoft.playwright.options.FormData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.web.SystemChromium;

/**
 * The field app's figures (run by {@code bench/field.sh}, not by the build): the
 * "Сегодня" page's transfer size on a first and a repeat load and the time to usable on
 * emulated slow 4G, and the outbox replaying 200 queued actions with 50 photos after
 * reconnecting, with the link cut once more in the middle: time, lost, duplicated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:field-bench;DB_CLOSE_DELAY=-1", "visitflow.demo.enabled=true",
				"visitflow.attachments.directory=target/bench-attachments", "visitflow.bitrix24-sandbox.snapshot-file=",
				"visitflow.bitrix24-sandbox.requests-per-second=500", "visitflow.bitrix24-sandbox.burst=5000",
				"visitflow.bitrix24.rate-limit.requests-per-second=500", "visitflow.bitrix24.rate-limit.burst=5000" })
class FieldBenchmark {

	private static final Actor REP1 = new Actor("rep1", Set.of(Role.REP));

	@LocalServerPort
	private int port;

	@Autowired
	private VisitService visits;

	@Autowired
	private CheckIns checkIns;

	@Autowired
	private VisitAttachments attachments;

	@Test
	void figures() throws Exception {
		try (SystemChromium chromium = SystemChromium.launchOrSkip("the field app's benchmark")) {
			Browser browser = chromium.browser();
			List<String> report = new ArrayList<>();
			// a first round unthrottled warms the server up; its figures are not reported
			loads(browser, new ArrayList<>(), "warm-up", 0, -8);
			loads(browser, report, "slow 4G (150 ms, 1.6 Mbit/s)", 150, 1_600_000);
			loads(browser, report, "slow 3G (400 ms, 400 kbit/s)", 400, 400_000);
			screenshots(browser);
			replay(browser, report);
			System.out.println("FIELD BENCHMARK");
			report.forEach(System.out::println);
			System.out.println("FIELD BENCHMARK END");
		}
	}

	private void loads(Browser browser, List<String> report, String network, int latencyMs, int bitsPerSecond) {
		try (BrowserContext context = phone(browser)) {
			login(context);
			Page page = context.newPage();
			CDPSession cdp = context.newCDPSession(page);
			JsonObject conditions = new JsonObject();
			conditions.addProperty("offline", false);
			conditions.addProperty("latency", latencyMs);
			conditions.addProperty("downloadThroughput", bitsPerSecond / 8);
			conditions.addProperty("uploadThroughput", bitsPerSecond / 8);
			cdp.send("Network.enable");
			cdp.send("Network.emulateNetworkConditions", conditions);
			AtomicLong bytes = new AtomicLong();
			AtomicLong fromWorker = new AtomicLong();
			page.onRequestFinished((request) -> {
				if (request.response() != null && request.response().fromServiceWorker()) {
					if ("document".equals(request.resourceType())) {
						// the worker fetched the page itself over the network (network
						// first)
						bytes.addAndGet(request.response().body().length);
					}
					fromWorker.incrementAndGet();
				}
				else {
					bytes.addAndGet(Math.max(0, request.sizes().responseBodySize)
							+ Math.max(0, request.sizes().responseHeadersSize));
				}
			});
			long first = timed(() -> page.navigate("/field/"));
			long firstBytes = bytes.getAndSet(0);
			page.waitForFunction("() => navigator.serviceWorker.controller !== null");
			page.waitForTimeout(1500);
			fromWorker.set(0);
			long repeat = timed(() -> page.navigate("/field/"));
			long repeatBytes = bytes.getAndSet(0);
			long cached = fromWorker.get();
			context.setOffline(true);
			long offline = timed(() -> page.navigate("/field/?view=week"));
			boolean usable = page.textContent("h1") != null && page.isVisible("nav.bottom");
			report.add(String.format(
					"today page, %s: first load %d KB in %d ms; repeat load %d KB in %d ms (%d "
							+ "responses from the service worker); offline load %s in %d ms",
					network, kb(firstBytes), first, kb(repeatBytes), repeat, cached, usable ? "usable" : "NOT usable",
					offline));
		}
	}

	/**
	 * The README's pictures: "Сегодня" and a visit screen at 360x640, saved under docs/.
	 */
	private void screenshots(Browser browser) {
		try (BrowserContext context = phone(browser)) {
			login(context);
			Page page = context.newPage();
			page.navigate("/field/");
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/field-today.png")));
			page.click("#visits li a");
			page.waitForSelector("#check-in");
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/field-visit.png")));
		}
	}

	private void replay(Browser browser, List<String> report) throws Exception {
		List<Visit> planned = new ArrayList<>();
		Instant start = Instant.now().plus(Duration.ofHours(2));
		for (int i = 0; i < 50; i++) {
			planned.add(this.visits.create(new NewVisit(150L + i, "Бенчмарк " + i, null, "rep1", "meeting",
					start.plusSeconds(60L * i).toString(), null, null, null, VisitOrigin.MANUAL), REP1));
		}
		try (BrowserContext context = phone(browser)) {
			login(context);
			Page page = context.newPage();
			page.navigate("/field/");
			context.setOffline(true);
			List<String> ids = planned.stream().map((v) -> v.id().toString()).toList();
			String json = new ObjectMapper().writeValueAsString(ids);
			page.evaluate("async (ids) => {\n"
					+ "  const canvas = document.createElement('canvas'); canvas.width = 1630; canvas.height = 1225;\n"
					+ "  const g = canvas.getContext('2d');\n" + "  for (const id of ids) {\n"
					+ "    for (let i = 0; i < 200; i++) { g.fillStyle = 'hsl(' + ((i * 37 + id.charCodeAt(0)) % 360) + ',70%,50%)';"
					+ " g.fillRect(Math.random() * 1600, Math.random() * 1200, 60, 60); }\n"
					+ "    const photo = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', 0.85));\n"
					+ "    const now = new Date().toISOString();\n"
					+ "    const pos = { latitude: 55.75, longitude: 37.61, accuracy: 20, positionTime: now, deviceTime: now };\n"
					+ "    await visitflowOutbox.enqueue({ method: 'POST', url: '/api/field/visits/' + id + '/check-in', json: pos, label: 'check-in' });\n"
					+ "    await visitflowOutbox.enqueue({ method: 'POST', url: '/api/visits/' + id + '/attachments', file: photo, fileName: 'photo.jpg', label: 'photo' });\n"
					+ "    await visitflowOutbox.enqueue({ method: 'POST', url: '/api/field/visits/' + id + '/result', json: { outcome: 'ORDER_PLACED', notes: 'bench' }, label: 'result' });\n"
					+ "    await visitflowOutbox.enqueue({ method: 'POST', url: '/api/field/visits/' + id + '/check-out', json: pos, label: 'check-out' });\n"
					+ "  }\n" + "  return (await visitflowOutbox.items()).length;\n" + "}",
					new ObjectMapper().readValue(json, List.class));
			long photoBytes = this.attachments.of(planned.get(0).id()).size();
			Instant begin = Instant.now();
			context.setOffline(false);
			page.evaluate("() => { visitflowOutbox.flush(); }");
			// cut the link once more in the middle of the replay
			waitFor(() -> count(planned, true) >= 40, Duration.ofMinutes(5));
			context.setOffline(true);
			Thread.sleep(2000);
			context.setOffline(false);
			waitFor(() -> count(planned, false) >= 200 || Duration.between(begin, Instant.now()).toMinutes() >= 10,
					Duration.ofMinutes(11));
			long millis = Duration.between(begin, Instant.now()).toMillis();
			int checks = 0;
			int files = 0;
			int completions = 0;
			int duplicated = 0;
			long uploaded = 0;
			for (Visit v : planned) {
				int c = this.checkIns.of(v.id(), REP1).size();
				int f = this.attachments.of(v.id()).size();
				long done = this.visits.get(v.id(), REP1)
					.history()
					.stream()
					.filter((h) -> h.toStage() == VisitStage.COMPLETED)
					.count();
				checks += Math.min(c, 2);
				files += Math.min(f, 1);
				completions += (int) Math.min(done, 1);
				duplicated += Math.max(0, c - 2) + Math.max(0, f - 1) + (int) Math.max(0, done - 1);
				uploaded += this.attachments.of(v.id()).stream().mapToLong((a) -> a.sizeBytes()).sum();
			}
			int arrived = checks + files + completions;
			report.add(String.format("outbox replay: 200 actions (50 check-ins, 50 photos of %d KB on average, 50 "
					+ "results, 50 check-outs), link cut once more in the middle: all sent in %.1f s; arrived %d, lost %d, "
					+ "duplicated %d (files on the server before reconnecting: %d)", kb(uploaded / 50), millis / 1000.0,
					arrived, 200 - arrived, duplicated, photoBytes));
		}
	}

	/**
	 * Actions of the planned visits that reached the server: check-ins and check-outs,
	 * files, results.
	 */
	private int count(List<Visit> planned, boolean resultsOnly) {
		int n = 0;
		for (Visit v : planned) {
			Visit now = this.visits.load(v.id());
			if (resultsOnly) {
				n += (now.stage() == VisitStage.COMPLETED) ? 1 : 0;
			}
			else {
				n += this.checkIns.of(v.id(), REP1).size() + this.attachments.of(v.id()).size()
						+ ((now.stage() == VisitStage.COMPLETED) ? 1 : 0);
			}
		}
		return n;
	}

	private BrowserContext phone(Browser browser) {
		BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 640)
			.setIsMobile(true)
			.setLocale("ru-RU")
			.setBaseURL("http://localhost:" + this.port));
		context.setDefaultTimeout(120_000);
		return context;
	}

	/**
	 * Logs in through the form without loading any page of the app, so the first load is
	 * really the first.
	 */
	private static void login(BrowserContext context) {
		String html = context.request().get("/login").text();
		String token = html.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
		context.request()
			.post("/login", RequestOptions.create()
				.setForm(FormData.create().set("username", "rep1").set("password", "demo").set("_csrf", token)));
	}

	private static long timed(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static long kb(long bytes) {
		return Math.round(bytes / 1024.0);
	}

	private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
		Instant deadline = Instant.now().plus(limit);
		while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
		}
	}

}
