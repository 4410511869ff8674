package ru.visitflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.system.EmbeddedPostgres;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by
 * {@code bench/intake.sh}. On PostgreSQL, with one or two nodes:
 * {@code ONCRMDYNAMICITEMADD} events posted with 16 concurrent senders (round-robin over
 * the nodes), then the time until every event started its visit; and, on the same
 * database, bare Camunda starts of a one-task process with 16 threads, so the ratio shows
 * what Visitflow adds to a start.
 */
class IntakeBenchmark {

	@Test
	void intake() throws Exception {
		int events = Integer.getInteger("bench.events", 2000);
		int nodes = Integer.getInteger("bench.nodes", 1);
		int concurrency = Integer.getInteger("bench.concurrency", 16);
		String url = EmbeddedPostgres.jdbcUrl("intake" + nodes + "n" + System.nanoTime() % 100000);
		// the sandbox answers as fast as it can here: this measures Visitflow, not the
		// portal's 2 requests/s
		List<String> fast = new ArrayList<>(List.of("visitflow.bitrix24-sandbox.requests-per-second=5000",
				"visitflow.bitrix24-sandbox.burst=50000", "visitflow.bitrix24.rate-limit.requests-per-second=5000",
				"visitflow.bitrix24.rate-limit.burst=50000", "spring.datasource.hikari.maximum-pool-size=20"));
		String extra = System.getProperty("bench.props", "");
		if (!extra.isBlank()) {
			fast.addAll(Arrays.asList(extra.split(",")));
		}
		int portA = ClusterNodes.freePort();
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			started.add(ClusterNodes.start("node-a", portA, url, null, fast));
			for (int n = 1; n < nodes; n++) {
				started.add(ClusterNodes.start("node-" + (char) ('a' + n), ClusterNodes.freePort(), url,
						"http://localhost:" + portA, fast));
			}
			ConfigurableApplicationContext a = started.get(0);
			Bitrix24Sandbox sandbox = a.getBean(Bitrix24Sandbox.class);
			JdbcClient jdbc = a.getBean(JdbcClient.class);
			a.getBean(IdentityBootstrap.class)
				.ensureUser("rep1", "Alexey", "Petrov", "secret", List.of(Role.REP.groupId()));
			a.getBean(UserDirectory.class)
				.saveProfile(new UserProfile("rep1", 2L, ZoneId.of("Europe/Moscow"), null, "Moscow"));
			sandbox.setEventDelivery(false);
			List<Long> items = new ArrayList<>();
			for (int i = 0; i < events; i++) {
				Map<String, Object> created = sandbox.createItem(2,
						Map.of("title", "Bench " + i, "companyId", 1 + i % 200, "assignedById", 2, "stageId",
								sandbox.stageId("NEW"), "ufCrmVisitStart", "2027-02-22T12:00:00+03:00"));
				items.add(((Number) created.get("id")).longValue());
			}
			List<Integer> ports = started.stream()
				.map((node) -> Integer.parseInt(node.getEnvironment().getProperty("local.server.port")))
				.toList();
			HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(concurrency)).build();
			// warm-up: a few events through every node, not counted
			long visitsBefore = jdbc.sql("select count(*) from visit").query(Long.class).single();
			List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger next = new AtomicInteger();
			AtomicInteger refused = new AtomicInteger();
			ExecutorService senders = Executors.newFixedThreadPool(concurrency);
			long start = System.nanoTime();
			List<Future<?>> work = new ArrayList<>();
			for (int s = 0; s < concurrency; s++) {
				work.add(senders.submit(() -> {
					for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
						int port = ports.get(i % ports.size());
						String body = "event=ONCRMDYNAMICITEMADD&event_handler_id=17&data%5BFIELDS%5D%5BID%5D="
								+ items.get(i) + "&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=" + sandbox.entityTypeId()
								+ "&ts=1733150000&auth%5Bdomain%5D=visitflow-sandbox.bitrix24.ru"
								+ "&auth%5Bapplication_token%5D=" + ClusterNodes.TOKEN;
						long sent = System.nanoTime();
						HttpResponse<Void> answer = http
							.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/bitrix24/events"))
								.header("Content-Type", "application/x-www-form-urlencoded")
								.POST(HttpRequest.BodyPublishers.ofString(body))
								.build(), HttpResponse.BodyHandlers.discarding());
						latencies.add(System.nanoTime() - sent);
						if (answer.statusCode() != 200) {
							refused.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : work) {
				future.get();
			}
			double intakeSeconds = (System.nanoTime() - start) / 1e9;
			senders.shutdown();
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			long visits;
			while ((visits = jdbc.sql("select count(*) from visit").query(Long.class).single() - visitsBefore) < events
					&& System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			double startSeconds = (System.nanoTime() - start) / 1e9;
			List<Long> sorted = new ArrayList<>(latencies);
			Collections.sort(sorted);

			// bare Camunda: a one-task process started from 16 threads on the same
			// database
			RepositoryService repository = a.getBean(RepositoryService.class);
			RuntimeService runtime = a.getBean(RuntimeService.class);
			BpmnModelInstance model = Bpmn.createExecutableProcess("bareStart")
				.camundaHistoryTimeToLive(1)
				.startEvent()
				.userTask("work")
				.endEvent()
				.done();
			repository.createDeployment().addModelInstance("bare-start.bpmn", model).deploy();
			Thread.sleep(1500);
			Map<String, Long> beforeBare = TableStatistics.rowsWritten(jdbc);
			AtomicInteger bareNext = new AtomicInteger();
			ExecutorService bareThreads = Executors.newFixedThreadPool(concurrency);
			long bareStart = System.nanoTime();
			List<Future<?>> bare = new ArrayList<>();
			for (int s = 0; s < concurrency; s++) {
				bare.add(bareThreads.submit(() -> {
					while (bareNext.getAndIncrement() < events) {
						runtime.startProcessInstanceByKey("bareStart", "bench-" + System.nanoTime());
					}
					return null;
				}));
			}
			for (Future<?> future : bare) {
				future.get();
			}
			double bareSeconds = (System.nanoTime() - bareStart) / 1e9;
			bareThreads.shutdown();
			Thread.sleep(1500);
			Map<String, Long> afterBare = TableStatistics.rowsWritten(jdbc);

			// Visitflow's own start without Bitrix24 (the read model, the lifecycle up to
			// Draft with its timer and sync tasks, the grants), from the same 16 threads
			VisitService visitService = a.getBean(VisitService.class);
			Actor integration = new Actor("bitrix24", Set.of(Role.ADMIN));
			int direct = Math.min(events, 1000);
			AtomicInteger directNext = new AtomicInteger();
			ExecutorService directThreads = Executors.newFixedThreadPool(concurrency);
			long directStart = System.nanoTime();
			List<Future<?>> directWork = new ArrayList<>();
			for (int s = 0; s < concurrency; s++) {
				directWork.add(directThreads.submit(() -> {
					for (int i = directNext.getAndIncrement(); i < direct; i = directNext.getAndIncrement()) {
						visitService
							.createForBitrix24Item(
									new NewVisit(1L + i % 200, "Direct " + i, null, "rep1", "meeting",
											"2027-02-22T12:00", null, "Direct", null, VisitOrigin.BITRIX24),
									1_900_000_000L + i, integration);
					}
					return null;
				}));
			}
			for (Future<?> future : directWork) {
				future.get();
			}
			double directSeconds = (System.nanoTime() - directStart) / 1e9;
			directThreads.shutdown();
			Thread.sleep(1500);
			Map<String, Long> afterDirect = TableStatistics.rowsWritten(jdbc);

			double startsPerSecond = visits / startSeconds;
			double barePerSecond = events / bareSeconds;
			System.out.printf("%nINTAKE BENCHMARK (PostgreSQL, %d node%s, concurrency %d)%n", nodes,
					(nodes == 1) ? "" : "s", concurrency);
			System.out.printf("events posted:          %d (%d not answered 200)%n", events, refused.get());
			System.out.printf("intake:                 %.0f events/s (%.1f s)%n", events / intakeSeconds,
					intakeSeconds);
			System.out.printf("intake latency:         p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
					sorted.get(sorted.size() - 1) / 1e6);
			System.out.printf("visits started:         %d in %.1f s from the first event: %.1f starts/s%n", visits,
					startSeconds, startsPerSecond);
			System.out.printf("bare Camunda starts:    %.1f starts/s (one-task process, %d threads)%n", barePerSecond,
					concurrency);
			System.out.printf("ratio:                  %.2f of bare Camunda%n", startsPerSecond / barePerSecond);
			System.out.printf(
					"Visitflow starts alone: %.1f starts/s (%d visits, no Bitrix24, %d threads): %.2f of bare%n",
					direct / directSeconds, direct, concurrency, (direct / directSeconds) / barePerSecond);
			System.out.printf("rows written per start: bare %.1f, Visitflow %.1f; Visitflow's by table: %s%n",
					TableStatistics.total(TableStatistics.perUnit(beforeBare, afterBare, events, 0.5)),
					TableStatistics.total(TableStatistics.perUnit(afterBare, afterDirect, direct, 0.5)),
					TableStatistics.perUnit(afterBare, afterDirect, direct, 0.5));
			System.out.printf("inbox:                  %s workers, batches of %s per node%n",
					a.getEnvironment().getProperty("visitflow.bitrix24.inbox.workers", "4"),
					a.getEnvironment().getProperty("visitflow.bitrix24.inbox.batch-size", "100"));
			System.out.printf("END INTAKE%n");
			assertThat(visits).isEqualTo(events);
		}
		finally {
			for (int i = started.size() - 1; i >= 0; i--) {
				started.get(i).close();
			}
		}
	}

}
