package ru.visitflow.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.nio.file.Path;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.Geolocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.plan.NewPlan;
import ru.visitflow.plan.Plan;
import ru.visitflow.plan.PlanFormer;
import ru.visitflow.plan.PlanProcess;
import ru.visitflow.plan.PlanScope;
import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.PlanStatus;
import ru.visitflow.plan.RequestStatus;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.visit.Attachment;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.web.SystemChromium;

/**
 * The field app in the system Chromium at a phone's 360x640, against the app on a random
 * port with the demo data and the Bitrix24 sandbox: check-in on site and 2 km off, a
 * result with a photo and a voice file, a next visit, a task and a card edit reaching the
 * sandbox; then the same with the network cut in the middle, where every action must
 * arrive once and in order. Skipped, with how to install it, when Chromium is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:field-browser;DB_CLOSE_DELAY=-1",
				"visitflow.demo.enabled=true", "visitflow.attachments.directory=target/browser-attachments",
				"visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24-sandbox.requests-per-second=500",
				"visitflow.bitrix24-sandbox.burst=5000", "visitflow.bitrix24.rate-limit.requests-per-second=500",
				"visitflow.bitrix24.rate-limit.burst=5000" })
class FieldBrowserTests {

	private static final Actor REP1 = new Actor("rep1", Set.of(Role.REP));

	private static final Actor HEAD = new Actor("head1", Set.of(Role.SUPERVISOR));

	private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	private static final double METRES_PER_DEGREE = 6_371_008.8 * Math.PI / 180;

	private static SystemChromium chromium;

	private static Browser browser;

	@LocalServerPort
	private int port;

	@Autowired
	private VisitService visits;

	@Autowired
	private VisitAttachments attachments;

	@Autowired
	private CheckIns checkIns;

	@Autowired
	private CompanyMirror companies;

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private PlanService plans;

	@Autowired
	private PlanProcess planProcess;

	@Autowired
	private FieldNumbers numbers;

	@BeforeAll
	static void launchChromium() {
		chromium = SystemChromium.launchOrSkip("the field app's browser tests");
		browser = chromium.browser();
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void aRepWorksAVisitOnSiteWithPhotoVoiceNextVisitTaskAndCardEdit() throws Exception {
		Visit visit = demoVisit(108);
		Company company = located(visit.companyId());
		try (BrowserContext context = phone(company.latitude() + 20 / METRES_PER_DEGREE, company.longitude())) {
			Page page = login(context);
			page.navigate("/field/?view=week");
			assertThat(page.textContent("#visits")).contains(visit.companyTitle());
			assertNoHorizontalScroll(page);

			page.navigate("/field/visits/" + visit.id());
			assertNoHorizontalScroll(page);
			page.click("#check-in");
			page.waitForSelector("#checks .grade");
			assertThat(page.textContent("#checks")).contains("на месте");
			assertThat(this.checkIns.of(visit.id(), REP1)).singleElement()
				.satisfies((c) -> assertThat(c.grade()).isEqualTo(CheckGrade.WITHIN_50M));

			// a task belongs to an open visit: agreed with the client before the result
			// closes the visit
			page.click("text=Задача в Битрикс24");
			page.evaluate("() => { window.vfBeforeReload = true; }");
			page.click("#task-submit");
			String taskTitle = "Связаться: " + visit.companyTitle();
			waitFor(() -> tasksTitled(taskTitle) == 1, "the task in the sandbox");
			// the page reloads once the outbox is empty: the result is typed into the
			// fresh page
			page.waitForFunction("() => !window.vfBeforeReload && document.readyState === 'complete'");
			page.waitForSelector("#result-form");

			LocalDate next = LocalDate.now(MOSCOW).plusDays(10);
			page.selectOption("select[name=outcome]", "ORDER_PLACED");
			page.fill("textarea[name=notes]", "Выкладка в порядке, заказ на 40 коробок");
			page.fill("input[name=nextVisitStart]", next + "T11:00");
			page.selectOption("select[name=nextVisitType]", "training");
			page.fill("input[name=nextVisitPurpose]", "Обучить новых продавцов");
			page.setInputFiles("input[name=photo]", new FilePayload("полка.png", "image/png", photo(2400, 1800)));
			page.setInputFiles("input[name=voice]", new FilePayload("голос.webm", "audio/webm", voice()));
			page.click("#result-submit");
			page.waitForSelector("section.files li:nth-child(2)");
			Visit done = this.visits.load(visit.id());
			assertThat(done.stage()).isEqualTo(VisitStage.COMPLETED);
			assertThat(done.resultNotes()).contains("Выкладка в порядке", "Отметка: на месте");
			List<Attachment> files = this.attachments.of(visit.id());
			assertThat(files).extracting(Attachment::contentType).containsExactly("image/jpeg", "audio/webm");
			BufferedImage sent = ImageIO.read(new ByteArrayInputStream(this.attachments.content(files.get(0).id())));
			assertThat((long) sent.getWidth() * sent.getHeight()).isBetween(1_800_000L, 2_100_000L);
			List<Visit> repeat = this.visits
				.search(new VisitFilter("rep1", VisitStage.REPEAT_VISIT, visit.companyId(), null, null), 0, 10, REP1)
				.items();
			assertThat(repeat).anySatisfy((v) -> {
				assertThat(v.previousVisitId()).isEqualTo(visit.id());
				assertThat(v.visitType()).isEqualTo("training");
				assertThat(v.purpose()).isEqualTo("Обучить новых продавцов");
				assertThat(v.plannedStart()).isEqualTo(next.atTime(11, 0).atZone(MOSCOW).toInstant());
			});

			page.click("text=Карточка компании и контакты");
			String phones = page.inputValue("textarea[name=phones]");
			page.fill("textarea[name=phones]", phones + "\n+7 495 111-22-33");
			page.click("#company-submit");
			waitFor(() -> this.companies.company(visit.companyId()).orElseThrow().phones().contains("+7 495 111-22-33"),
					"the card edit in the mirror");
			assertThat(String.valueOf(this.sandbox.company(visit.companyId()).orElseThrow().get("PHONE")))
				.contains("+7 495 111-22-33");

			waitFor(() -> this.visits.load(visit.id()).bitrix24ItemId() != null, "the visit's Bitrix24 item");
			long itemId = this.visits.load(visit.id()).bitrix24ItemId();
			waitFor(() -> String.valueOf(this.sandbox.timelineComments(itemId)).contains("Выкладка в порядке"),
					"the result on the item's timeline");
			assertThat(String.valueOf(this.sandbox.timelineComments(itemId))).contains("Отметка: на месте",
					"голос.webm");
		}
	}

	@Test
	void aCheckInTwoKilometresOffIsTakenAndShownAsNotOnSite() {
		Visit visit = demoVisit(109);
		Company company = located(visit.companyId());
		try (BrowserContext context = phone(company.latitude() + 2000 / METRES_PER_DEGREE, company.longitude())) {
			Page page = login(context);
			page.navigate("/field/visits/" + visit.id());
			page.click("#check-in");
			page.waitForSelector("#checks .grade");
			assertThat(page.textContent("#checks")).contains("не на месте", "2000 м");
			assertThat(this.checkIns.of(visit.id(), REP1)).singleElement()
				.satisfies((c) -> assertThat(c.grade()).isEqualTo(CheckGrade.OUTSIDE_RADIUS));
		}
	}

	@Test
	void actionsTakenOfflineArriveOnceAndInOrderWhenTheNetworkIsBack() throws Exception {
		Visit visit = demoVisit(110);
		Company company = located(visit.companyId());
		try (BrowserContext context = phone(company.latitude(), company.longitude() + 30 / METRES_PER_DEGREE)) {
			Page page = login(context);
			page.navigate("/field/visits/" + visit.id());
			context.setOffline(true);
			Instant offlineFrom = Instant.now();
			page.click("#check-in");
			page.waitForFunction("() => document.getElementById('outbox-badge').textContent === '1'");
			page.click("text=Задача в Битрикс24");
			page.fill("input[name=title]", "Офлайн-задача " + visit.id());
			page.click("#task-submit");
			page.waitForFunction("() => document.getElementById('outbox-badge').textContent === '2'");
			page.selectOption("select[name=outcome]", "AGREEMENT_REACHED");
			page.fill("textarea[name=notes]", "Договорились без связи");
			LocalDate agreed = LocalDate.now(MOSCOW).plusDays(12);
			page.fill("input[name=nextVisitStart]", agreed + "T09:30");
			page.selectOption("select[name=nextVisitType]", "negotiation");
			page.fill("input[name=nextVisitPurpose]", "Согласовать договор без связи");
			page.setInputFiles("input[name=voice]", new FilePayload("голос.webm", "audio/webm", voice()));
			page.click("#result-submit");
			page.waitForFunction("() => document.getElementById('outbox-badge').textContent === '4'");
			assertThat(page.textContent("#outbox-list")).contains("ждёт отправки");
			assertThat(this.checkIns.of(visit.id(), REP1)).isEmpty();
			assertThat(this.visits.load(visit.id()).stage()).isEqualTo(VisitStage.IN_WORK);
			Instant online = Instant.now();

			context.setOffline(false);
			waitFor(() -> tasksTitled("Офлайн-задача " + visit.id()) >= 1, "the offline task in the sandbox");
			page.waitForFunction("() => document.getElementById('outbox-badge').hidden");
			FieldCheck check = this.checkIns.of(visit.id(), REP1).get(0);
			assertThat(this.checkIns.of(visit.id(), REP1)).hasSize(1);
			assertThat(check.deviceTime()).isBetween(offlineFrom.minusSeconds(1), online);
			List<Attachment> files = this.attachments.of(visit.id());
			assertThat(files).hasSize(1);
			Visit done = this.visits.load(visit.id());
			assertThat(done.stage()).isEqualTo(VisitStage.COMPLETED);
			assertThat(this.visits.get(visit.id(), REP1)
				.history()
				.stream()
				.filter((h) -> h.toStage() == VisitStage.COMPLETED)).hasSize(1);
			assertThat(tasksTitled("Офлайн-задача " + visit.id())).isEqualTo(1);
			// the next visit agreed offline: once, with its time, type and purpose
			List<Visit> next = this.visits
				.search(new VisitFilter("rep1", VisitStage.REPEAT_VISIT, visit.companyId(), null, null), 0, 10, REP1)
				.items()
				.stream()
				.filter((v) -> visit.id().equals(v.previousVisitId()))
				.toList();
			assertThat(next).singleElement().satisfies((v) -> {
				assertThat(v.visitType()).isEqualTo("negotiation");
				assertThat(v.purpose()).isEqualTo("Согласовать договор без связи");
				assertThat(v.plannedStart()).isEqualTo(agreed.atTime(9, 30).atZone(MOSCOW).toInstant());
			});
			// in the order they were made: check-in, task, file, result
			assertThat(check.serverTime()).isBeforeOrEqualTo(files.get(0).createdAt());
			assertThat(files.get(0).createdAt()).isBeforeOrEqualTo(done.closedAt());
		}
	}

	@Test
	void theMonthCalendarStartsOnMondayInRussianAndATapOnADayListsItsVisits() {
		Visit visit = demoVisit(102);
		LocalDate day = LocalDate.ofInstant(visit.plannedStart(), MOSCOW);
		LocalDate today = LocalDate.now(MOSCOW);
		try (BrowserContext context = phone(55.75, 37.61)) {
			Page page = login(context);
			page.navigate("/field/calendar");
			page.waitForSelector("#month-calendar .fc-daygrid-day");
			page.waitForSelector("#month-calendar .fc-event");
			assertNoHorizontalScroll(page);
			assertThat(page.textContent("#month-calendar .fc-col-header-cell")).containsIgnoringCase("пн");
			assertThat(page.textContent("#month-calendar .fc-toolbar-title")).containsIgnoringCase(
					today.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, Locale.forLanguageTag("ru")));
			// the visit is an event coloured by its stage, leading to its screen
			assertThat(page.locator("#month-calendar a.fc-event[href='/field/visits/" + visit.id() + "']").count())
				.isEqualTo(1);
			assertThat(
					page.getAttribute("#month-calendar a.fc-event[href='/field/visits/" + visit.id() + "']", "class"))
				.contains("ev-" + visit.stage());
			// a tap on another day empties the list, a tap on the visit's day lists it
			page.click("#month-calendar .fc-daygrid-day[data-date='" + day.plusDays(1) + "'] .fc-daygrid-day-top");
			page.waitForSelector("#day-list section[data-date='" + day.plusDays(1) + "']");
			page.click("#month-calendar .fc-daygrid-day[data-date='" + day + "'] .fc-daygrid-day-top");
			page.waitForSelector("#day-list section[data-date='" + day + "']");
			assertThat(page.textContent("#day-list")).contains(visit.companyTitle());
			assertNoHorizontalScroll(page);
			page.evaluate("() => window.scrollTo(0, 0)");
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/field-calendar.png")));

			page.navigate("/field/calendar?lang=en");
			page.waitForSelector("#month-calendar .fc-daygrid-day");
			assertThat(page.textContent("#month-calendar .fc-col-header-cell")).containsIgnoringCase("mon");
			assertThat(page.textContent("#month-calendar .fc-toolbar-title"))
				.containsIgnoringCase(today.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
		}
	}

	@Test
	void aRepProposesAPlansVisitsInTheFieldAppAndTheHeadGetsThemInTheControlStep() {
		Plan plan = this.plans
			.create(new NewPlan(PlanScope.REP, "rep1", null, null, null, null, 12, Map.of(), PlanFormer.REP), HEAD);
		try (BrowserContext context = phone(55.75, 37.61)) {
			Page page = login(context);
			page.navigate("/field/");
			page.click("a.proposal[href='/field/plans/" + plan.id() + "']");
			page.waitForSelector("#propose-form");
			assertNoHorizontalScroll(page);
			page.fill("input[name=companyId]", "101");
			page.selectOption("#propose-form select[name=visitType]", "negotiation");
			page.fill("#propose-form input[name=purpose]", "Обсудить весенний ассортимент");
			page.click("#propose-add");
			page.waitForSelector("#plan-requests li[data-company='101']");
			page.click("#propose-submit");
			waitFor(() -> this.plans.load(plan.id()).status() == PlanStatus.IN_REVIEW, "the set in the control step");
			page.waitForSelector("#plan-status");
			page.waitForFunction("() => !document.getElementById('propose-submit')");
			assertThat(this.planProcess.waitingTask(plan.id())).isEqualTo("Task_ReviewRequests");
			assertThat(this.plans.get(plan.id(), HEAD).requests()).singleElement().satisfies((r) -> {
				assertThat(r.companyId()).isEqualTo(101L);
				assertThat(r.visitType()).isEqualTo("negotiation");
				assertThat(r.purpose()).isEqualTo("Обсудить весенний ассортимент");
				assertThat(r.status()).isEqualTo(RequestStatus.SUBMITTED);
			});
		}
	}

	@Test
	void aSupervisorSetsARepsMonthlyTargetInPlaceAtAPhonesWidth() {
		try (BrowserContext context = phone(55.75, 37.61)) {
			Page page = SystemChromium.logIn(context, "/field/targets", "head1", "demo");
			page.navigate("/field/targets");
			page.waitForSelector("li.target-row[data-rep='rep1']");
			assertNoHorizontalScroll(page);
			page.fill("li.target-row[data-rep='rep1'] input[name=visits]", "37");
			page.click("li.target-row[data-rep='rep1'] button[type=submit]");
			page.waitForSelector("li.target-row[data-rep='rep1'] .ok-msg:not([hidden])");
			assertThat(this.numbers.of("rep1", null, null, HEAD).target()).isEqualTo(37);
			assertThat(page.textContent("li.target-row[data-rep='rep1'] .share")).contains("%");
			// rep1 reads the target against what is done
			try (BrowserContext repContext = phone(55.75, 37.61)) {
				Page rep = login(repContext);
				rep.navigate("/field/numbers");
				assertThat(rep.textContent("#vs-target")).contains("из 37");
				assertNoHorizontalScroll(rep);
			}
		}
	}

	private BrowserContext phone(double latitude, double longitude) {
		BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 640)
			.setIsMobile(true)
			.setHasTouch(true)
			.setLocale("ru-RU")
			.setTimezoneId("Europe/Moscow")
			.setGeolocation(new Geolocation(latitude, longitude).setAccuracy(25))
			.setPermissions(List.of("geolocation"))
			.setBaseURL("http://localhost:" + this.port));
		context.setDefaultTimeout(45_000);
		return context;
	}

	private Page login(BrowserContext context) {
		return SystemChromium.logIn(context, "/field/", "rep1", "demo");
	}

	private static void assertNoHorizontalScroll(Page page) {
		assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
	}

	/** A demo visit of rep1 planned for today, at the sandbox company with this id. */
	private Visit demoVisit(long companyId) {
		return this.visits.search(new VisitFilter("rep1", VisitStage.IN_WORK, companyId, null, null), 0, 10, REP1)
			.items()
			.stream()
			.findFirst()
			.orElseThrow(() -> new AssertionError("no demo visit at company " + companyId));
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

	private long tasksTitled(String title) {
		return this.sandbox.tasks()
			.stream()
			.filter((t) -> title.equals(String.valueOf(t.get("title"))) || title.equals(String.valueOf(t.get("TITLE"))))
			.count();
	}

	/** Waits for work the app does in the background (sync, mirror), not for a timer. */
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

	private static byte[] photo(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
		g.fillRect(0, 0, width, height);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/** The start of a WebM file, as MediaRecorder writes it. */
	private static byte[] voice() {
		byte[] bytes = new byte[2048];
		bytes[0] = 0x1A;
		bytes[1] = 0x45;
		bytes[2] = (byte) 0xDF;
		bytes[3] = (byte) 0xA3;
		for (int i = 4; i < bytes.length; i++) {
			bytes[i] = (byte) (UUID.randomUUID().hashCode() & 0x7F);
		}
		return bytes;
	}

}
