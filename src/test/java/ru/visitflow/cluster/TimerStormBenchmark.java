package ru.visitflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
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
			Actor rep = new Actor("rep1", Set.of(Role.REP));
			AtomicInteger next = new AtomicInteger();
			ExecutorService planners = Executors.newFixedThreadPool(8);
			long planStart = System.nanoTime();
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
			double planSeconds = (System.nanoTime() - planStart) / 1e9;

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
			long moves = jdbc.sql("select count(*) from visit_stage_change where to_stage = 'IN_WORK'")
				.query(Long.class)
				.single();
			System.out.printf("%nTIMER STORM BENCHMARK (PostgreSQL, %d node%s)%n", nodes, (nodes == 1) ? "" : "s");
			System.out.printf("job executor settings:  %s%n", extra.isBlank() ? "application.yml" : extra);
			System.out.printf("visits planned:         %d in %.1f s (%.0f/s, 8 threads)%n", count, planSeconds,
					count / planSeconds);
			System.out.printf("timers due at once:     %d%n", count);
			System.out.printf("all In work after:      %.1f s (half after %.1f s): %.0f timers/s%n", seconds, halfAt,
					inWork / seconds);
			System.out.printf("moves to In work:       %d (each timer fired once: %s)%n", moves, moves == count);
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

}
