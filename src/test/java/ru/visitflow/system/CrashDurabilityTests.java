package ru.visitflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default survives a crash: the app runs in a child JVM on its default H2
 * file database (under {@code ./data} of a fresh directory, demo data on), takes creates
 * and cancels from several clients, is killed with SIGKILL right after answers came back,
 * and is started again on the same files: every change that was answered as done is
 * there.
 */
class CrashDurabilityTests {

	private static final String REP = "Basic " + Base64.getEncoder().encodeToString("rep1:demo".getBytes());

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	@Timeout(240)
	void everyAnsweredChangeSurvivesKillMinusNine(@TempDir Path dir) throws Exception {
		Process app = start(dir);
		Queue<String> created = new ConcurrentLinkedQueue<>();
		Queue<String> cancelled = new ConcurrentLinkedQueue<>();
		try {
			int port = awaitReady(app, dir);
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService clients = Executors.newFixedThreadPool(4);
			for (int client = 0; client < 4; client++) {
				int day = 10 + client;
				clients.submit(() -> {
					List<String> mine = new ArrayList<>();
					while (running.get()) {
						try {
							HttpResponse<String> answer = post(port, "/api/visits", """
									{"companyId": 101, "companyTitle": "Crash test", "visitType": "meeting",
									 "plannedStart": "2027-01-%dT10:00"}
									""".formatted(day));
							if (answer.statusCode() == 201) {
								Matcher id = ID.matcher(answer.body());
								if (id.find()) {
									created.add(id.group(1));
									mine.add(id.group(1));
								}
							}
							if (mine.size() % 2 == 0 && !mine.isEmpty()) {
								String victim = mine.remove(0);
								if (post(port, "/api/visits/" + victim + "/cancel", "{\"reason\": \"crash test\"}")
									.statusCode() == 200) {
									cancelled.add(victim);
								}
							}
						}
						catch (IOException | InterruptedException ex) {
							// the server went away: the kill
						}
					}
					return null;
				});
			}
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
			while (System.nanoTime() < until || created.size() < 10) {
				Thread.sleep(50);
			}
			// kill -9 while clients are still sending: what was answered must be on disk
			app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			running.set(false);
			clients.shutdown();
			clients.awaitTermination(30, TimeUnit.SECONDS);
		}
		finally {
			app.destroyForcibly();
		}
		System.out.printf("Crash test: %d creates and %d cancels answered before kill -9%n", created.size(),
				cancelled.size());
		assertThat(created).hasSizeGreaterThan(5);
		assertThat(cancelled).isNotEmpty();

		Process again = start(dir);
		try {
			int port = awaitReady(again, dir);
			for (String id : created) {
				HttpResponse<String> visit = get(port, "/api/visits/" + id);
				assertThat(visit.statusCode()).as("visit %s answered 201 before the crash", id).isEqualTo(200);
				if (cancelled.contains(id)) {
					assertThat(visit.body()).as("visit %s answered cancelled before the crash", id)
						.contains("\"stage\":\"CANCELLED\"");
				}
			}
		}
		finally {
			again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	private Process start(Path dir) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Files.writeString(dir.resolve("port"), Integer.toString(port));
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), "ru.visitflow.VisitflowApplication")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("app.log").toFile()));
		builder.environment().put("PORT", Integer.toString(port));
		builder.environment().remove("VISITFLOW_DB_URL");
		builder.environment().put("VISITFLOW_BITRIX24_SYNC_ENABLED", "false");
		builder.environment().put("VISITFLOW_BITRIX24_RECONCILIATION_ENABLED", "false");
		return builder.start();
	}

	private int awaitReady(Process app, Path dir) throws Exception {
		int port = Integer.parseInt(Files.readString(dir.resolve("port")));
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
		while (System.nanoTime() < until) {
			assertThat(app.isAlive()).as("the app runs; see " + new File(dir.toFile(), "app.log")).isTrue();
			try {
				if (get(port, "/api/me").statusCode() == 200) {
					return port;
				}
			}
			catch (IOException ex) {
				// not yet listening
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the app did not start: " + Files.readString(dir.resolve("app.log")));
	}

	private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", REP)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", REP)
			.timeout(Duration.ofSeconds(20))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
