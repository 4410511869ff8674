package ru.visitflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.system.EmbeddedPostgres;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by
 * {@code bench/timer-storm.sh}. On PostgreSQL, with one or two nodes: N visits in Draft
 * whose "to In work" timers all fall due at one moment (the engine clock is moved there),
 * and the time until every one is In work. The Bitrix24 workers are off, so the figure is
 * the job executors' alone. Extra node settings (job executor tuning) come in
 * {@code bench.props}, a comma list of {@code key=value}.
 */
class TimerStormBenchmark {

	private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	@Test
	void timerStorm() throws Exception {
		int count = Integer.getInteger("bench.visits", 2000);
		int nodes = Integer.getInteger("bench.nodes", 1);
		List<String> props = new ArrayList<>(List.of("visitflow.bitrix24.sync.enabled=false",
				"visitflow.bitrix24.sandbox.enabled=false", "spring.datasource.hikari.maximum-pool-size=20"));
		String extra = System.getProperty("bench.props", "");
		if (!extra.isBlank()) {
			props.addAll(Arrays.asList(extra.split(",")));
		}
		ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2026-12-01T09:00").atZone(MOSCOW).toInstant()));
		String url = EmbeddedPostgres.jdbcUrl("storm" + nodes + "n" + System.nanoTime() % 100000);
		int portA = ClusterNodes.freePort();
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		try {
			// the timers must not fire while the visits are made: node A alone plans
			// them, with its job executor
			// idle until the clock moves (nothing is due before)
			started.add(ClusterNodes.start("node-a", portA, url, "http://localhost:" + portA, props));
			for (int n = 1; n < nodes; n++) {
				started.add(ClusterNodes.start("node-" + (char) ('a' + n), ClusterNodes.freePort(), url,
						"http://localhost:" + portA, props));
			}
			ConfigurableApplicationContext a = started.get(0);
			JdbcClient jdbc = a.getBean(JdbcClient.class);
			a.getBean(IdentityBootstrap.class)
				.ensureUser("rep1", "Alexey", "Petrov", "secret", List.of(Role.REP.groupId()));
			a.getBean(UserDirectory.class).saveProfile(new UserProfile("rep1", 2L, MOSCOW, null, "Moscow"));
			boolean bulk = !"api".equals(System.getProperty("bench.plan", "bulk"));
			long planStart = System.nanoTime();
			if (bulk) {
				planInBulk(started, jdbc, count);
			}
			else {
				planThroughTheApi(started, count);
			}
			double planSeconds = (System.nanoTime() - planStart) / 1e9;

			boolean analyze = Boolean.parseBoolean(System.getProperty("bench.analyze", "false"));
			if (analyze) {
				// the visits were planned in seconds; in use they are planned over days,
				// and
				// autovacuum keeps the planner's statistics of the engine's tables
				// current
				jdbc.sql("analyze").update();
			}
			Thread.sleep(1500);
			Map<String, Long> rowsBefore = TableStatistics.rowsWritten(jdbc);
			Map<String, Long> scannedBefore = TableStatistics.rowsScanned(jdbc);
			ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2026-12-13T00:00").atZone(MOSCOW).toInstant()));
			long start = System.nanoTime();
			long deadline = start + Duration.ofMinutes(15).toNanos();
			long inWork = 0;
			double halfAt = 0;
			while (inWork < count && System.nanoTime() < deadline) {
				Thread.sleep(250);
				inWork = jdbc.sql("select count(*) from visit where stage = 'IN_WORK'").query(Long.class).single();
				if (halfAt == 0 && inWork >= count / 2) {
					halfAt = (System.nanoTime() - start) / 1e9;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Thread.sleep(1500);
			Map<String, Double> rowsPerTimer = TableStatistics.perUnit(rowsBefore, TableStatistics.rowsWritten(jdbc),
					count, 0.1);
			Map<String, Double> scannedPerTimer = TableStatistics.perUnit(scannedBefore,
					TableStatistics.rowsScanned(jdbc), count, 0.1);
			long moves = jdbc.sql("select count(*) from visit_stage_change where to_stage = 'IN_WORK'")
				.query(Long.class)
				.single();
			System.out.printf("%nTIMER STORM BENCHMARK (PostgreSQL, %d node%s)%n", nodes, (nodes == 1) ? "" : "s");
			System.out.printf("job executor settings:  %s%n", extra.isBlank() ? "application.yml" : extra);
			System.out.printf("visits planned:         %d in %.1f s (%.0f/s, 8 threads, %s)%n", count, planSeconds,
					count / planSeconds, bulk ? "in bulk: read-model rows and instances started at the timer"
							: "through VisitService.create");
			Environment env = a.getEnvironment();
			System.out.printf(
					"job executor:           core %s, max %s threads, queue %s, %s jobs per acquisition, "
							+ "wait %s ms (max %s), backoff %s ms (max %s), lock %s ms%n",
					env.getProperty("camunda.bpm.job-execution.core-pool-size"),
					env.getProperty("camunda.bpm.job-execution.max-pool-size"),
					env.getProperty("camunda.bpm.job-execution.queue-capacity"),
					env.getProperty("camunda.bpm.job-execution.max-jobs-per-acquisition"),
					env.getProperty("camunda.bpm.job-execution.wait-time-in-millis"),
					env.getProperty("camunda.bpm.job-execution.max-wait"),
					env.getProperty("camunda.bpm.job-execution.backoff-time-in-millis"),
					env.getProperty("camunda.bpm.job-execution.max-backoff"),
					env.getProperty("camunda.bpm.job-execution.lock-time-in-millis", "300000"));
			System.out.printf("timers due at once:     %d (tables analyzed before: %s)%n", count, analyze);
			System.out.printf("all In work after:      %.1f s (half after %.1f s): %.0f timers/s%n", seconds, halfAt,
					inWork / seconds);
			System.out.printf("moves to In work:       %d (each timer fired once: %s)%n", moves, moves == count);
			System.out.printf("rows written per timer: %.1f; by table: %s%n", TableStatistics.total(rowsPerTimer),
					rowsPerTimer);
			System.out.printf("rows read per timer:    by sequential scans %s%n", scannedPerTimer);
			System.out.printf("END TIMER STORM%n");
			assertThat(inWork).isEqualTo(count);
			assertThat(moves).isEqualTo(count);
		}
		finally {
			ClockUtil.reset();
			for (int i = started.size() - 1; i >= 0; i--) {
				started.get(i).close();
			}
		}
	}

	/**
	 * Visits as VisitService.create leaves them, 8 threads over the nodes: the real path,
	 * about as fast as event intake.
	 */
	private static void planThroughTheApi(List<ConfigurableApplicationContext> started, int count) throws Exception {
		Actor rep = new Actor("rep1", Set.of(Role.REP));
		AtomicInteger next = new AtomicInteger();
		ExecutorService planners = Executors.newFixedThreadPool(8);
		List<Future<?>> work = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			VisitService visits = started.get(t % started.size()).getBean(VisitService.class);
			work.add(planners.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					visits.create(new NewVisit(1_000_000L + i, "Storm", null, null, "meeting",
							String.format("2026-12-20T%02d:%02d", 9 + i % 8, i % 60), null, "Storm", "Moscow",
							VisitOrigin.MANUAL), rep);
				}
				return null;
			}));
		}
		for (Future<?> future : work) {
			future.get();
		}
		planners.shutdown();
	}

	/**
	 * Visits in Draft made fast: their read-model rows in JDBC batches, and each
	 * lifecycle started right at the "to In work" timer with the variables "plan stage
	 * timers" would set. What the timer then does is the real thing: the visit moves to
	 * In work, the sync tasks are created, "Conduct visit" waits with its overdue timer.
	 */
	private static void planInBulk(List<ConfigurableApplicationContext> started, JdbcClient jdbc, int count)
			throws Exception {
		Instant now = ClockUtil.getCurrentTime().toInstant();
		List<UUID> ids = new ArrayList<>();
		List<Instant> starts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID());
			starts.add(LocalDateTime.parse(String.format("2026-12-20T%02d:%02d", 9 + i % 8, i % 60))
				.atZone(MOSCOW)
				.toInstant());
		}
		JdbcTemplate template = started.get(0).getBean(JdbcTemplate.class);
		for (int from = 0; from < count; from += 500) {
			List<Object[]> rows = new ArrayList<>();
			for (int i = from; i < Math.min(count, from + 500); i++) {
				rows.add(new Object[] { ids.get(i), 1_000_000L + i, "Storm", "rep1", "meeting", utc(starts.get(i)), 60,
						MOSCOW.getId(), "Storm", "Moscow", VisitOrigin.MANUAL.name(), "DRAFT", utc(now), 0, utc(now),
						"rep1" });
			}
			template.batchUpdate("""
					insert into visit (id, company_id, company_title, rep_id, visit_type, planned_start,
					  duration_minutes, time_zone, purpose, region, origin, stage, stage_changed_at, version,
					  created_at, created_by)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					""", rows);
		}
		Date inWorkAt = Date.from(LocalDateTime.parse("2026-12-13T00:00").atZone(MOSCOW).toInstant());
		AtomicInteger next = new AtomicInteger();
		ExecutorService planners = Executors.newFixedThreadPool(8);
		List<Future<?>> work = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			RuntimeService runtime = started.get(t % started.size()).getBean(RuntimeService.class);
			work.add(planners.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					Instant start = starts.get(i);
					String id = ids.get(i).toString();
					String processInstanceId = runtime.createProcessInstanceByKey(LifecycleModel.PROCESS_KEY)
						.businessKey(id)
						.setVariable(LifecycleModel.VISIT_ID, id)
						.setVariable(LifecycleModel.REP_ID, "rep1")
						.setVariable(LifecycleModel.REVIEW_STATUS, LifecycleModel.REVIEW_NOT_REQUIRED)
						.setVariable(LifecycleModel.PLANNED_START, Date.from(start))
						.setVariable(LifecycleModel.IN_WORK_AT, inWorkAt)
						.setVariable(LifecycleModel.REPEAT_IN_WORK_AT, inWorkAt)
						.setVariable(LifecycleModel.OVERDUE_AT, Date
							.from(start.atZone(MOSCOW).toLocalDate().plusDays(1).atStartOfDay(MOSCOW).toInstant()))
						.setVariable(LifecycleModel.OVERDUE_RETENTION_TIME, "PT72H")
						.setVariable(LifecycleModel.ENTRY_STAGE, "DRAFT")
						.startBeforeActivity(LifecycleModel.TIMER_IN_WORK_DUE)
						.execute()
						.getId();
					jdbc.sql("update visit set process_instance_id = ? where id = ?")
						.params(processInstanceId, ids.get(i))
						.update();
				}
				return null;
			}));
		}
		for (Future<?> future : work) {
			future.get();
		}
		planners.shutdown();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
