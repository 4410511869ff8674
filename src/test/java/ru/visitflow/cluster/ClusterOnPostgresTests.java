package ru.visitflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.LoginThrottle;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.system.EmbeddedPostgres;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;

/**
 * Two Visitflow nodes (two application contexts, each with its job executor, sync workers
 * and inbox) on one PostgreSQL, talking to one Bitrix24 sandbox (hosted by node A; node B
 * reaches it as a configured portal) whose limit is tight: a timer storm fires each timer
 * once, creates each item and calendar event once and never meets the portal's 503; an
 * event delivered to both nodes starts one visit; a session opened on one node works on
 * the other, in the app and in the Camunda webapps; wrong passwords on either node count
 * together (one login throttle for the cluster); a node stopped in the middle of the sync
 * leaves its work to the other, which finishes it without writing anything twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOnPostgresTests {

	private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	/** Tuesday 1 December 2026, 09:00 in Moscow, as in the other lifecycle tests. */
	private static final Instant START = Instant.parse("2026-12-01T06:00:00Z");

	private static final int STORM = 200;

	private static final String TOKEN = ClusterNodes.TOKEN;

	private static final Actor REP1 = new Actor("rep1", Set.of(Role.REP));

	private static final Actor REP2 = new Actor("rep2", Set.of(Role.REP));

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private ConfigurableApplicationContext nodeA;

	private ConfigurableApplicationContext nodeB;

	private int portA;

	private int portB;

	private Bitrix24Sandbox sandbox;

	private JdbcClient jdbc;

	private long companies = 900_000;

	@BeforeAll
	void startTwoNodes() {
		ClockUtil.setCurrentTime(Date.from(START));
		String url = EmbeddedPostgres.jdbcUrl("cluster");
		this.portA = ClusterNodes.freePort();
		this.portB = ClusterNodes.freePort();
		this.nodeA = start("node-a", this.portA, url, null);
		this.sandbox = this.nodeA.getBean(Bitrix24Sandbox.class);
		this.jdbc = this.nodeA.getBean(JdbcClient.class);
		IdentityBootstrap identity = this.nodeA.getBean(IdentityBootstrap.class);
		UserDirectory users = this.nodeA.getBean(UserDirectory.class);
		identity.ensureUser("rep1", "Alexey", "Petrov", "secret", List.of(Role.REP.groupId()));
		identity.ensureUser("rep2", "Maria", "Ivanova", "secret", List.of(Role.REP.groupId()));
		users.saveProfile(new UserProfile("rep1", 2L, MOSCOW, null, "Moscow"));
		users.saveProfile(new UserProfile("rep2", 3L, ZoneId.of("Asia/Yekaterinburg"), null, "Yekaterinburg"));
		this.nodeB = start("node-b", this.portB, url, "http://localhost:" + this.portA);
		// the portal's echo of every write (an update event whose reading costs a
		// request) is left out: the
		// requests here are the sync's own
		this.sandbox.setEventDelivery(false);
	}

	private ConfigurableApplicationContext start(String node, int port, String url, String sandboxUrl) {
		// a portal with a tight limit, the same for both nodes together
		return ClusterNodes.start(node, port, url, sandboxUrl,
				List.of("visitflow.bitrix24.sync.batch-size=20", "visitflow.bitrix24.sync.lock-duration=1m",
						"visitflow.bitrix24-sandbox.requests-per-second=5", "visitflow.bitrix24-sandbox.burst=10",
						"visitflow.bitrix24.rate-limit.requests-per-second=5", "visitflow.bitrix24.rate-limit.burst=10",
						// the webapps keep their login per engine name: both nodes run
						// "default", as in production
						// (in this one JVM the webapps of both then look the engine up as
						// the last one started)
						"camunda.bpm.generate-unique-process-engine-name=false",
						"camunda.bpm.process-engine-name=default"));
	}

	@AfterAll
	void stopNodes() {
		ClockUtil.reset();
		if (this.nodeB != null && this.nodeB.isActive()) {
			this.nodeB.close();
		}
		if (this.nodeA != null) {
			this.nodeA.close();
		}
	}

	@Test
	@Order(0)
	void wrongPasswordsOnEitherNodeCountTogetherAndExpiredCountsAreCleanedUp() throws Exception {
		this.nodeA.getBean(IdentityBootstrap.class)
			.ensureUser("guarded1", "Guarded", "One", "secret", List.of(Role.REP.groupId()));
		// five wrong passwords, spread over the two nodes: the limit is five per address
		// and user for the cluster
		for (int i = 0; i < 5; i++) {
			int port = (i % 2 == 0) ? this.portA : this.portB;
			assertThat(basic(port, "/api/me", "guarded1", "wrong" + i).statusCode()).isEqualTo(401);
		}
		assertThat(basic(this.portB, "/api/me", "guarded1", "secret").statusCode()).isEqualTo(429);
		assertThat(basic(this.portA, "/api/me", "guarded1", "secret").statusCode()).isEqualTo(429);
		assertThat(this.jdbc.sql("select count(*) from login_throttle where throttle_key like 'u|%|guarded1'")
			.query(Integer.class)
			.single()).isEqualTo(1);

		// the lock runs out (one minute), and once the window has passed too the rows go
		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.ofSeconds(61))));
		assertThat(basic(this.portB, "/api/me", "guarded1", "secret").statusCode()).isEqualTo(200);
		assertThat(basic(this.portA, "/api/me", "guarded1", "wrong").statusCode()).isEqualTo(401);
		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.ofMinutes(20))));
		assertThat(this.nodeB.getBean(LoginThrottle.class).cleanUp()).isGreaterThan(0);
		assertThat(this.jdbc.sql("select count(*) from login_throttle").query(Integer.class).single()).isZero();
		ClockUtil.setCurrentTime(Date.from(START));
	}

	@Test
	@Order(1)
	void aTimerStormFiresEachTimerOnceAndWritesEachItemOnceWithinThePortalsLimit() {
		VisitService visits = this.nodeA.getBean(VisitService.class);
		VisitService visitsB = this.nodeB.getBean(VisitService.class);
		List<Visit> planned = new ArrayList<>();
		for (int i = 0; i < STORM; i++) {
			VisitService on = (i % 2 == 0) ? visits : visitsB;
			planned.add(plan(on, (i % 3 == 0) ? REP2 : REP1, String.format("2026-12-20T%02d:%02d", 9 + i % 8, i % 60)));
		}
		awaitSynced(planned, Duration.ofSeconds(120));
		long movedBefore = stageChangesTo("IN_WORK");

		// every "to In work" timer falls due at the same moment; both job executors go
		// for them
		ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2026-12-13T00:00").atZone(MOSCOW).toInstant()));
		await(Duration.ofSeconds(120), () -> countInStage(planned, "IN_WORK") == planned.size(), "all visits In work");
		awaitSynced(planned, Duration.ofSeconds(120));

		// each timer fired once: one move to In work per visit
		assertThat(stageChangesTo("IN_WORK") - movedBefore).isEqualTo(planned.size());
		// each item created once, and each is at In work in Bitrix24
		Map<String, Integer> itemsPerVisit = itemsByXmlId();
		for (Visit visit : planned) {
			assertThat(itemsPerVisit.get(visit.id().toString())).as("items of visit %s", visit.id()).isEqualTo(1);
		}
		String inWork = this.sandbox.stageId("PREPARATION");
		for (Visit visit : planned) {
			long itemId = itemOf(visit);
			assertThat(this.sandbox.item(itemId).orElseThrow().get("stageId")).isEqualTo(inWork);
		}
		// each calendar event created once
		long rep2Visits = planned.stream().filter((v) -> v.repId().equals("rep2")).count();
		assertThat(calendarEventsOf(planned)).isEqualTo(planned.size());
		assertThat(rep2Visits).isPositive();
		// the portal never refused a request for its limit, and both nodes fired timers
		assertThat(calls(this.nodeA, "QUERY_LIMIT_EXCEEDED") + calls(this.nodeB, "QUERY_LIMIT_EXCEEDED")).isZero();
		assertThat(calls(this.nodeA, "success") + calls(this.nodeB, "success")).isPositive();
		double firedA = jobsRun(this.nodeA);
		double firedB = jobsRun(this.nodeB);
		System.out.printf(
				"CLUSTER timer storm: %d timers; node A ran %.0f jobs, node B %.0f; Bitrix24 calls A %.0f, B %.0f%n",
				planned.size(), firedA, firedB, calls(this.nodeA, "success"), calls(this.nodeB, "success"));
		assertThat(firedA + firedB).isGreaterThanOrEqualTo(planned.size());
		assertThat(firedA).isPositive();
		assertThat(firedB).isPositive();
		// the limiter's waits and the calls are on the nodes' Prometheus meters
		assertThat(this.nodeA.getBean(MeterRegistry.class).find("visitflow.bitrix24.limiter.wait").timer()).isNotNull();
		ClockUtil.setCurrentTime(Date.from(START));
	}

	@Test
	@Order(2)
	void anEventDeliveredToBothNodesStartsOneVisit() throws Exception {
		this.sandbox.setEventDelivery(false);
		List<Long> items = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Map<String, Object> created = this.sandbox.createItem(2,
					Map.of("title", "Cluster " + i, "companyId", 1 + i, "assignedById", 2, "stageId",
							this.sandbox.stageId("NEW"), "ufCrmVisitStart", "2026-12-22T12:00:00+03:00"));
			items.add(((Number) created.get("id")).longValue());
		}
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (long item : items) {
				for (int port : new int[] { this.portA, this.portB }) {
					answers.add(senders.submit(() -> postEvent(port, "ONCRMDYNAMICITEMADD", item)));
				}
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
		}
		finally {
			senders.shutdownNow();
		}
		// the node that lost the race for an item retries its event after a pause: time
		// goes on meanwhile
		Instant[] now = { START };
		await(Duration.ofSeconds(90), () -> {
			now[0] = now[0].plus(Duration.ofMinutes(1));
			ClockUtil.setCurrentTime(Date.from(now[0]));
			return this.jdbc.sql("select count(*) from bitrix24_event where processed_at is null and attempts < 8")
				.query(Long.class)
				.single() == 0;
		}, "both inboxes handled");
		ClockUtil.setCurrentTime(Date.from(START));
		for (long item : items) {
			assertThat(this.jdbc.sql("select count(*) from visit where bitrix24_item_id = ?")
				.param(item)
				.query(Long.class)
				.single()).as("visits of item %d", item).isEqualTo(1);
		}
	}

	@Test
	@Order(3)
	void aSessionOpenedOnOneNodeWorksOnTheOther() throws Exception {
		// the app: form login on node A, the next page from node B
		HttpResponse<String> loginPage = get(this.portA, "/login", null);
		String cookie = sessionCookie(loginPage);
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> login = post(this.portA, "/login", cookie,
				"username=rep1&password=secret&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
		String session = sessionCookie(login);
		assertThat(get(this.portB, "/api/me", session).body()).contains("\"rep1\"");
		assertThat(get(this.portB, "/api/me", null).statusCode()).isEqualTo(401);

		// the Camunda webapps take that login (one login) on the other node too
		get(this.portB, "/camunda/app/tasklist/default/", session);
		HttpResponse<String> who = get(this.portB, "/camunda/api/admin/auth/user/default", session);
		assertThat(who.statusCode()).isEqualTo(200);
		assertThat(who.body()).contains("\"userId\":\"rep1\"");
	}

	@Test
	@Order(4)
	void aNodeStoppedInTheMiddleOfTheSyncLeavesItsWorkToTheOther() {
		VisitService visitsB = this.nodeB.getBean(VisitService.class);
		List<Visit> planned = new ArrayList<>();
		// the visits wait unsynced (both sync workers paused while they are made), then
		// node B alone starts the sync
		VisitSyncWorker workerA = this.nodeA.getBean(VisitSyncWorker.class);
		VisitSyncWorker workerB = this.nodeB.getBean(VisitSyncWorker.class);
		workerA.stop();
		workerB.stop();
		for (int i = 0; i < 360; i++) {
			planned.add(plan(visitsB, REP1, String.format("2026-12-21T%02d:%02d", 9 + i % 8, i % 60)));
		}
		workerB.start();
		// node B is stopped as soon as the sync is under way, with some of its tasks
		// locked
		await(Duration.ofSeconds(60), () -> synced(planned) > 0, "the sync to start");
		this.nodeB.close();
		workerA.start();
		long syncedWhenStopped = synced(planned);
		// time goes on (a minute of engine time per poll): the stopped node's locks and
		// the retry pause of the
		// sync it broke off expire, and node A takes the work over
		Instant[] now = { START };
		await(Duration.ofSeconds(120), () -> {
			now[0] = now[0].plus(Duration.ofMinutes(1));
			ClockUtil.setCurrentTime(Date.from(now[0]));
			return progress(synced(planned), planned.size())
					&& this.jdbc.sql("select count(*) from act_ru_ext_task").query(Long.class).single() == 0;
		}, "node A to finish the sync");
		System.out.printf("CLUSTER node stopped after %d of %d visits synced; node A finished%n", syncedWhenStopped,
				planned.size());
		assertThat(syncedWhenStopped).isLessThan(planned.size());
		Map<String, Integer> itemsPerVisit = itemsByXmlId();
		for (Visit visit : planned) {
			assertThat(itemsPerVisit.get(visit.id().toString())).as("items of visit %s", visit.id()).isEqualTo(1);
		}
		assertThat(calendarEventsOf(planned)).isEqualTo(planned.size());
		assertThat(calls(this.nodeA, "QUERY_LIMIT_EXCEEDED")).isZero();
	}

	// --- helpers
	// -------------------------------------------------------------------------------------------

	private Visit plan(VisitService on, Actor rep, String plannedStart) {
		return on.create(new NewVisit(++this.companies, "Cluster test", null, null, "meeting", plannedStart, null,
				"Cluster", "Moscow", VisitOrigin.MANUAL), rep);
	}

	/** Visits whose every change Bitrix24 has got, and no sync task left. */
	private long synced(List<Visit> visits) {
		return visits.stream().filter((visit) -> this.jdbc.sql("""
				select count(*) from visit v join bitrix24_sync_state s on s.visit_id = v.id
				where v.id = ? and s.item_id is not null and s.item_version >= v.version
				  and s.calendar_event_id is not null""").param(visit.id()).query(Long.class).single() == 1).count();
	}

	private void awaitSynced(List<Visit> visits, Duration timeout) {
		// engine time goes on meanwhile (half a minute per poll): a sync retried after a
		// pause (a visit another
		// node was writing) comes round again, as it would in production
		await(timeout,
				() -> tick() && progress(synced(visits), visits.size())
						&& this.jdbc.sql("select count(*) from act_ru_ext_task").query(Long.class).single() == 0,
				"every visit synced to Bitrix24");
	}

	private long lastProgress = -1;

	private static boolean tick() {
		ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + 30_000));
		return true;
	}

	private boolean progress(long done, long of) {
		if (done != this.lastProgress) {
			System.out.printf("CLUSTER synced %d of %d%n", done, of);
			this.lastProgress = done;
		}
		return done == of;
	}

	private long countInStage(List<Visit> visits, String stage) {
		return visits.stream()
			.filter((visit) -> stage.equals(this.jdbc.sql("select stage from visit where id = ?")
				.param(visit.id())
				.query(String.class)
				.single()))
			.count();
	}

	private long stageChangesTo(String stage) {
		return this.jdbc.sql("select count(*) from visit_stage_change where to_stage = ?")
			.param(stage)
			.query(Long.class)
			.single();
	}

	private long itemOf(Visit visit) {
		return this.jdbc.sql("select bitrix24_item_id from visit where id = ?")
			.param(visit.id())
			.query(Long.class)
			.single();
	}

	private Map<String, Integer> itemsByXmlId() {
		Map<String, Integer> counts = new HashMap<>();
		for (Map<String, Object> item : this.sandbox.items()) {
			Object xmlId = item.get("xmlId");
			if (xmlId != null) {
				counts.merge(xmlId.toString(), 1, Integer::sum);
			}
		}
		return counts;
	}

	/**
	 * The calendar events of these visits, by the event ids Visitflow recorded: each must
	 * exist once.
	 */
	private long calendarEventsOf(List<Visit> visits) {
		Set<Long> events = new HashSet<>();
		for (long user : new long[] { 2, 3 }) {
			for (Map<String, Object> event : this.sandbox.calendarEvents(user)) {
				Object id = (event.get("ID") != null) ? event.get("ID") : event.get("id");
				events.add(Long.parseLong(String.valueOf(id)));
			}
		}
		long found = 0;
		Set<Long> recorded = new HashSet<>();
		for (Visit visit : visits) {
			Long event = this.jdbc.sql("select calendar_event_id from bitrix24_sync_state where visit_id = ?")
				.param(visit.id())
				.query(Long.class)
				.single();
			if (event != null && events.contains(event) && recorded.add(event)) {
				found++;
			}
		}
		return found;
	}

	private static double calls(ConfigurableApplicationContext node, String outcome) {
		if (!node.isActive()) {
			return 0;
		}
		return node.getBean(MeterRegistry.class)
			.find("visitflow.bitrix24.calls")
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static double jobsRun(ConfigurableApplicationContext node) {
		return node.getBean(MeterRegistry.class)
			.find("camunda.job.executions")
			.tag("outcome", "success")
			.functionCounters()
			.stream()
			.mapToDouble(FunctionCounter::count)
			.sum();
	}

	private int postEvent(int port, String event, long itemId) throws IOException, InterruptedException {
		String body = "event=" + event + "&event_handler_id=17&data%5BFIELDS%5D%5BID%5D=" + itemId
				+ "&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=" + this.sandbox.entityTypeId() + "&ts=1733150000"
				+ "&auth%5Bdomain%5D=visitflow-sandbox.bitrix24.ru&auth%5Bapplication_token%5D=" + TOKEN;
		return post(port, "/bitrix24/events", null, body).statusCode();
	}

	private HttpResponse<String> basic(int port, String path, String user, String password)
			throws IOException, InterruptedException {
		String credentials = Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", "Basic " + credentials)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(int port, String path, String cookie) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(int port, String path, String cookie, String form)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String sessionCookie(HttpResponse<?> response) {
		return sessionCookie(response, null);
	}

	/** The session cookie the response set, else the one sent before. */
	private static String sessionCookie(HttpResponse<?> response, String before) {
		for (String header : response.headers().allValues("Set-Cookie")) {
			if (header.startsWith("SESSION=")) {
				return header.substring(0, header.indexOf(';'));
			}
		}
		assertThat(before).as("a SESSION cookie").isNotNull();
		return before;
	}

	private static void await(Duration timeout, BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
