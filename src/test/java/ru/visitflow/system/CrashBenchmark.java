package ru.visitflow.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import ru.visitflow.sandbox.Bitrix24Sandbox;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by {@code bench/crash.sh}
 * (as an unprivileged user: embedded PostgreSQL refuses root). Visitflow runs as a child
 * JVM on PostgreSQL with its job executor and Bitrix24 sync on, against a Bitrix24
 * sandbox served by a second child JVM (so the portal outlives the crash). Clients create
 * visits through the API with an Idempotency-Key, visits within the week (their "to In
 * work" timers fall due at once) and later ones; the app is killed with SIGKILL under
 * that load and started again on the same database. Prints: requests answered before the
 * kill and how many are there after it (and replay the same answer), timers fired twice
 * (a second move to In work in the stage history), whether every visit's item and
 * calendar event converged, and duplicates in the portal.
 */
class CrashBenchmark {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final String ADMIN = auth("admin", "crash-admin-1");

	private static final String TOKEN = "crash-bench-token";

	private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void killMinusNineUnderLoad() throws Exception {
		int clients = Integer.getInteger("bench.clients", 4);
		long loadSeconds = Long.getLong("bench.seconds", 10);
		String url = EmbeddedPostgres.jdbcUrl("crash" + System.currentTimeMillis() % 1_000_000);
		Path dir = Files.createTempDirectory("visitflow-crash");
		int appPort = Integer.getInteger("bench.port", freePort());
		int portalPort = Integer.getInteger("bench.portal-port", freePort());
		Process portal = startPortal(dir, portalPort, appPort);
		Process app = null;
		Map<String, String> answered = new ConcurrentHashMap<>();
		Map<String, String> bodies = new ConcurrentHashMap<>();
		AtomicInteger sent = new AtomicInteger();
		try {
			awaitReady(portal, portalPort, dir.resolve("portal.log"), null);
			app = startApp(dir, appPort, portalPort, url);
			awaitReady(app, appPort, dir.resolve("app.log"), ADMIN);
			setUpReps(appPort);

			// one visit per rep first: the first visit of a rep creates its supervisors'
			// group, which concurrent first visits race for (a 500 for the losers)
			for (String rep : List.of("rep1", "rep2")) {
				String key = UUID.randomUUID().toString();
				String body = """
						{"companyId": %d, "companyTitle": "Crash %s", "visitType": "meeting",
						 "plannedStart": "%sT10:00"}
						""".formatted(1_499_000_000L + rep.hashCode() % 1000, key.substring(0, 8),
						LocalDate.now(MOSCOW).plusDays(2));
				HttpResponse<String> answer = post(appPort, "/api/visits", auth(rep, "crash-rep"), key, body);
				Matcher id = ID.matcher(answer.body());
				check(answer, 201, "first visit of " + rep);
				id.find();
				answered.put(key, id.group(1));
				bodies.put(key, rep + "\n" + body);
			}
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			LocalDate today = LocalDate.now(MOSCOW);
			for (int c = 0; c < clients; c++) {
				String rep = (c % 2 == 0) ? "rep1" : "rep2";
				pool.submit(() -> {
					while (running.get()) {
						int n = sent.incrementAndGet();
						String key = UUID.randomUUID().toString();
						// two of three within the week: their "to In work" timers are due
						LocalDate day = today.plusDays((n % 3 == 0) ? 10 + n % 5 : 1 + n % 5);
						String body = """
								{"companyId": %d, "companyTitle": "Crash %s", "visitType": "meeting",
								 "plannedStart": "%sT%02d:00"}
								""".formatted(1_500_000_000L + n, key.substring(0, 8), day, 9 + n % 8);
						try {
							HttpResponse<String> answer = post(appPort, "/api/visits", auth(rep, "crash-rep"), key,
									body);
							Matcher id = ID.matcher(answer.body());
							if (answer.statusCode() == 201 && id.find()) {
								answered.put(key, id.group(1));
								bodies.put(key, rep + "\n" + body);
							}
						}
						catch (IOException | InterruptedException ex) {
							// the server went away: the kill
						}
					}
					return null;
				});
			}
			// at least the given time, and until enough requests were answered (at most
			// two
			// minutes)
			int minimum = Integer.getInteger("bench.answered", 60);
			long loadStart = System.nanoTime();
			while (System.nanoTime() - loadStart < TimeUnit.SECONDS.toNanos(loadSeconds)
					|| (answered.size() < minimum && System.nanoTime() - loadStart < TimeUnit.MINUTES.toNanos(2))) {
				Thread.sleep(200);
			}
			double loadTook = (System.nanoTime() - loadStart) / 1e9;
			long waitingAtKill = waitingSyncTasks(url);
			app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			running.set(false);
			pool.shutdown();
			pool.awaitTermination(30, TimeUnit.SECONDS);
			int answeredAtKill = answered.size();

			long restart = System.nanoTime();
			app = startApp(dir, appPort, portalPort, url);
			awaitReady(app, appPort, dir.resolve("app.log"), ADMIN);
			double restartSeconds = (System.nanoTime() - restart) / 1e9;

			// every answered request is there, and its key gives the same answer again
			int present = 0;
			int replayed = 0;
			for (Map.Entry<String, String> entry : answered.entrySet()) {
				String[] repAndBody = bodies.get(entry.getKey()).split("\n", 2);
				if (get(appPort, "/api/visits/" + entry.getValue(), auth(repAndBody[0], "crash-rep"))
					.statusCode() == 200) {
					present++;
				}
				HttpResponse<String> again = post(appPort, "/api/visits", auth(repAndBody[0], "crash-rep"),
						entry.getKey(), repAndBody[1]);
				Matcher id = ID.matcher(again.body());
				if (id.find() && id.group(1).equals(entry.getValue())) {
					replayed++;
				}
			}

			// the sync finishes what the crash left: nothing waiting, every item at its
			// visit's stage
			long converge = System.nanoTime();
			boolean converged = false;
			Map<String, Integer> problems = Map.of();
			while (System.nanoTime() - converge < TimeUnit.MINUTES.toNanos(5)) {
				if (waitingSyncTasks(url) == 0) {
					problems = portalCheck(url, portalPort);
					if (problems.get("unsynced") == 0 && problems.get("wrongStage") == 0
							&& problems.get("missingEvent") == 0) {
						converged = true;
						break;
					}
				}
				Thread.sleep(2000);
			}
			double convergeSeconds = (System.nanoTime() - converge) / 1e9;
			problems = portalCheck(url, portalPort);
			long twice = count(url, "select count(*) from (select visit_id from visit_stage_change where to_stage = "
					+ "'IN_WORK' group by visit_id having count(*) > 1) twice");
			long inWork = count(url, "select count(*) from visit where stage = 'IN_WORK'");
			long visits = count(url, "select count(*) from visit");
			long incidents = count(url, "select count(*) from act_ru_incident");

			System.out.printf("%nCRASH BENCHMARK%n");
			System.out.printf(
					"load: %d clients for %d s; requests sent %d, answered 201 before kill -9: %d; "
							+ "sync tasks waiting at the kill: %d%n",
					clients, loadSeconds, sent.get(), answeredAtKill, waitingAtKill);
			System.out.printf("restart on the same PostgreSQL: %.1f s to ready%n", restartSeconds);
			System.out.printf("answered requests there after the restart: %d of %d; same answer on replay of the "
					+ "Idempotency-Key: %d of %d%n", present, answeredAtKill, replayed, answeredAtKill);
			System.out.printf("visits: %d (%d In work); timers fired twice (two moves to In work): %d%n", visits,
					inWork, twice);
			System.out.printf(
					"Bitrix24 converged: %s in %.1f s after restart; visits without item %d, items in the "
							+ "wrong stage %d, visits without calendar event %d%n",
					converged ? "yes" : "NO", convergeSeconds, problems.get("unsynced"), problems.get("wrongStage"),
					problems.get("missingEvent"));
			System.out.printf("duplicates in the portal: items %d, calendar events %d; incidents open: %d%n",
					problems.get("duplicateItems"), problems.get("duplicateEvents"), incidents);
			System.out.printf("END CRASH%n%n");
		}
		finally {
			if (app != null) {
				app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
			portal.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * What the portal shows against the database: visits without an item, items whose
	 * stage is not their visit's, visits without a calendar event, duplicate items (per
	 * xmlId) and duplicate events (per visit title).
	 */
	private Map<String, Integer> portalCheck(String url, int portalPort) throws Exception {
		Map<String, String> stageOf = new HashMap<>();
		Map<String, String> titleOf = new HashMap<>();
		Map<String, String> repOf = new HashMap<>();
		try (Connection connection = connect(url);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select id, stage, company_title, rep_id from visit")) {
			while (rows.next()) {
				stageOf.put(rows.getString(1), rows.getString(2));
				titleOf.put(rows.getString(1), rows.getString(3));
				repOf.put(rows.getString(1), rows.getString(4));
			}
		}
		Map<String, String> stageCodes = Map.of("DRAFT", "NEW", "IN_WORK", "PREPARATION", "REPEAT_VISIT", "CLIENT",
				"OVERDUE", "UC_OVERDUE", "COMPLETED", "SUCCESS", "FAILED", "FAIL", "CANCELLED", "UC_CANCELLED");
		Map<String, Integer> items = new HashMap<>();
		Map<String, String> itemStage = new HashMap<>();
		long last = 0;
		while (true) {
			JsonNode page = rest(portalPort, "crm.item.list",
					Map.of("entityTypeId", 1036, "select", List.of("id", "xmlId", "stageId"), "order",
							Map.of("id", "ASC"), "filter", Map.of(">id", last), "start", -1));
			JsonNode rows = page.path("result").path("items");
			for (JsonNode row : rows) {
				last = row.path("id").asLong();
				items.merge(row.path("xmlId").asText(), 1, Integer::sum);
				itemStage.put(row.path("xmlId").asText(), row.path("stageId").asText());
			}
			if (rows.size() < 50) {
				break;
			}
		}
		Map<String, Integer> events = new HashMap<>();
		for (int owner : List.of(2, 3)) {
			JsonNode answer = rest(portalPort, "calendar.event.get", Map.of("type", "user", "ownerId", owner));
			for (JsonNode event : answer.path("result")) {
				events.merge(event.path("NAME").asText(event.path("name").asText()), 1, Integer::sum);
			}
		}
		int unsynced = 0;
		int wrongStage = 0;
		int missingEvent = 0;
		int duplicateEvents = 0;
		for (Map.Entry<String, String> visit : stageOf.entrySet()) {
			String stage = itemStage.get(visit.getKey());
			if (stage == null) {
				unsynced++;
				continue;
			}
			if (!stage.endsWith(":" + stageCodes.get(visit.getValue()))) {
				wrongStage++;
			}
			String title = titleOf.get(visit.getKey());
			int found = events.entrySet()
				.stream()
				.filter((e) -> title != null && e.getKey().contains(title + " "))
				.mapToInt(Map.Entry::getValue)
				.sum();
			if (found == 0 && !"CANCELLED".equals(visit.getValue()) && repOf.get(visit.getKey()) != null) {
				missingEvent++;
			}
			duplicateEvents += Math.max(0, found - 1);
		}
		int duplicateItems = items.values().stream().mapToInt((n) -> Math.max(0, n - 1)).sum();
		return Map.of("unsynced", unsynced, "wrongStage", wrongStage, "missingEvent", missingEvent, "duplicateItems",
				duplicateItems, "duplicateEvents", duplicateEvents);
	}

	private JsonNode rest(int portalPort, String method, Map<String, ?> params) throws Exception {
		for (int attempt = 0; attempt < 20; attempt++) {
			HttpResponse<String> answer = this.http.send(HttpRequest
				.newBuilder(URI.create(Bitrix24Sandbox.webhookUrl("http://localhost:" + portalPort) + method))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(params)))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() == 200) {
				return this.json.readTree(answer.body());
			}
			// the portal's limit, shared with the app's sync: wait and ask again
			Thread.sleep(1000);
		}
		throw new IllegalStateException(method + " kept failing");
	}

	private void setUpReps(int port) throws Exception {
		int owner = 2;
		for (String rep : List.of("rep1", "rep2")) {
			HttpResponse<String> user = post(port, "/engine-rest/user/create", ADMIN, null, """
					{"profile": {"id": "%s", "firstName": "Rep", "lastName": "%s"},
					 "credentials": {"password": "crash-rep"}}
					""".formatted(rep, rep));
			check(user, 204, "create " + rep);
			check(send(port, "PUT", "/engine-rest/group/reps/members/" + rep, ADMIN, null), 204, "group of " + rep);
			check(send(port, "PUT", "/api/users/" + rep + "/profile", ADMIN,
					"{\"bitrix24UserId\": %d, \"timeZone\": \"Europe/Moscow\"}".formatted(owner++)), 200,
					"profile of " + rep);
		}
	}

	private static void check(HttpResponse<String> answer, int status, String what) {
		if (answer.statusCode() != status) {
			throw new IllegalStateException(what + ": " + answer.statusCode() + " " + answer.body());
		}
	}

	private Process startPortal(Path dir, int port, int appPort) throws IOException {
		return start(dir.resolve("portal.log"), dir.resolve("portal"),
				List.of("--server.port=" + port, "--spring.datasource.url=jdbc:h2:mem:crash-portal;DB_CLOSE_DELAY=-1",
						"--visitflow.bitrix24.sandbox.enabled=true", "--visitflow.bitrix24.sync.enabled=false",
						"--visitflow.bitrix24.reconciliation.enabled=false", "--visitflow.demo.enabled=false",
						"--camunda.bpm.job-execution.enabled=false", "--visitflow.bitrix24-sandbox.snapshot-file=",
						"--visitflow.bitrix24-sandbox.event-handler-url=http://localhost:" + appPort
								+ "/bitrix24/events",
						"--visitflow.bitrix24.application-token=" + TOKEN, "--logging.level.root=WARN"));
	}

	private Process startApp(Path dir, int port, int portalPort, String url) throws IOException {
		return start(dir.resolve("app.log"), dir.resolve("app"),
				List.of("--server.port=" + port, "--spring.datasource.url=" + url,
						"--spring.datasource.username=postgres", "--spring.datasource.password=",
						"--visitflow.bitrix24.sandbox.enabled=false",
						"--visitflow.bitrix24.webhook-url="
								+ Bitrix24Sandbox.webhookUrl("http://localhost:" + portalPort),
						"--visitflow.bitrix24.application-token=" + TOKEN, "--visitflow.bitrix24.sync.enabled=true",
						"--visitflow.bitrix24.sync.poll-interval=200ms",
						"--visitflow.bitrix24.reconciliation.enabled=false", "--camunda.bpm.job-execution.enabled=true",
						"--visitflow.demo.enabled=false", "--visitflow.identity.admin-user=admin",
						"--visitflow.identity.admin-password=crash-admin-1", "--logging.level.root=WARN"));
	}

	private Process start(Path log, Path workDir, List<String> args) throws IOException {
		Files.createDirectories(workDir);
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), "ru.visitflow.VisitflowApplication"));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().remove("VISITFLOW_DB_URL");
		builder.environment().remove("BITRIX24_WEBHOOK_URL");
		return builder.start();
	}

	private void awaitReady(Process process, int port, Path log, String authorization) throws Exception {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
		while (System.nanoTime() < until) {
			if (!process.isAlive()) {
				throw new IllegalStateException("did not start; see " + log + "\n" + tail(log));
			}
			try {
				int status = (authorization != null) ? get(port, "/api/me", authorization).statusCode()
						: get(port, "/login", null).statusCode();
				if (status == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not yet listening
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("did not start in time; see " + log + "\n" + tail(log));
	}

	private static String tail(Path log) throws IOException {
		String text = Files.readString(log);
		return text.substring(Math.max(0, text.length() - 3000));
	}

	private static long waitingSyncTasks(String url) throws SQLException {
		return count(url, "select count(*) from act_ru_ext_task where topic_name_ in ('bitrix24-visit-item', "
				+ "'bitrix24-calendar-event')");
	}

	private static long count(String url, String sql) throws SQLException {
		try (Connection connection = connect(url);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, "postgres", "");
	}

	private HttpResponse<String> post(int port, String path, String authorization, String key, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(int port, String method, String path, String authorization, String body)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
							: HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(int port, String path, String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String auth(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
