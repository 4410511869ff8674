package ru.visitflow.bitrix24;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.sandbox.FailureMode;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by
 * {@code bench/outage.sh}. N visits (default 1000) are synced, then Bitrix24 goes down
 * (the sandbox answers every request with HTTP 500, or 503 with {@code RATE_LIMITED}),
 * every visit moves Draft → In work on its timer during the outage, the outage lasts a
 * while longer (the sync's retries run out: incidents), and the portal returns. The sync
 * worker runs in the background as in production, with shortened pauses (retry backoff 1
 * s, 3 retries, incidents sent round again every 5 s once Bitrix24 answers). Prints the
 * transitions, the incidents raised, the time until every item shows its visit's stage
 * with nothing waiting and no incident left, what was lost and what was doubled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.sync.enabled=true",
				"visitflow.bitrix24.sync.batch-size=1000", "visitflow.bitrix24.sync.poll-interval=200ms",
				"visitflow.bitrix24.sync.retries=3", "visitflow.bitrix24.sync.retry-backoff=1s",
				"visitflow.bitrix24.sync.incident-retry=5s", "visitflow.bitrix24.retry.max-attempts=2",
				"visitflow.bitrix24.retry.initial-backoff=200ms", "visitflow.bitrix24.retry.max-backoff=1s",
				"spring.datasource.url=jdbc:h2:mem:visitflow-outage;DB_CLOSE_DELAY=-1", "logging.level.root=WARN" })
class OutageBenchmark extends LifecycleTestSupport {

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Test
	void outage() {
		int count = Integer.getInteger("bench.transitions", 1000);
		long outageSeconds = Long.getLong("bench.outage", 20);
		FailureMode mode = FailureMode.valueOf(System.getProperty("bench.mode", "OUTAGE"));
		// the engine clock ticks (the sync's retry pauses run on it)
		ClockUtil.offset(START.toEpochMilli() - System.currentTimeMillis());
		this.sandbox.setEventDelivery(false);
		List<Visit> visits = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			visits.add(plan((i % 2 == 0) ? REP1 : REP2, String.format("2026-12-%02dT%02d:00", 20 + i % 8, 9 + i % 8)));
		}
		await(Duration.ofMinutes(10), () -> waiting() == 0, "the first sync");
		long itemsBefore = this.sandbox.items().size();

		// the portal goes down; every visit moves to In work while it is
		this.sandbox.setFailureMode(mode);
		long outageStart = System.nanoTime();
		ClockUtil.offset(LocalDateTime.parse("2026-12-20T00:00").atZone(MOSCOW).toInstant().toEpochMilli()
				- System.currentTimeMillis());
		List<Job> timers = this.managementService.createJobQuery()
			.activityId(LifecycleModel.TIMER_IN_WORK_DUE)
			.executable()
			.list();
		timers.forEach((job) -> this.managementService.executeJob(job.getId()));
		double transitionSeconds = (System.nanoTime() - outageStart) / 1e9;
		long maxIncidents = 0;
		long until = System.nanoTime() + outageSeconds * 1_000_000_000L;
		while (System.nanoTime() < until) {
			maxIncidents = Math.max(maxIncidents, incidents());
			sleep(1000);
		}
		maxIncidents = Math.max(maxIncidents, incidents());
		double outage = (System.nanoTime() - outageStart) / 1e9;
		long waitingAtReturn = waiting();

		// the portal returns
		this.sandbox.setFailureMode(FailureMode.NONE);
		long back = System.nanoTime();
		String inWork = this.sandbox.stageId("PREPARATION");
		boolean converged = await(Duration.ofMinutes(5),
				() -> waiting() == 0 && incidents() == 0 && wrongItems(visits, inWork) == 0, null);
		double convergeSeconds = (System.nanoTime() - back) / 1e9;

		long lost = visits.stream()
			.map(this::reload)
			.filter((v) -> v.stage() != VisitStage.IN_WORK || v.bitrix24ItemId() == null
					|| !inWork.equals(this.sandbox.item(v.bitrix24ItemId()).map((i) -> i.get("stageId")).orElse(null)))
			.count();
		Map<Object, Integer> byXmlId = new HashMap<>();
		this.sandbox.items().forEach((item) -> byXmlId.merge(item.get("xmlId"), 1, Integer::sum));
		long duplicateItems = visits.stream()
			.mapToLong((v) -> Math.max(0, byXmlId.getOrDefault(v.id().toString(), 0) - 1))
			.sum();
		long events = this.sandbox.calendarEvents(2).size() + this.sandbox.calendarEvents(3).size();
		long inWorkMoves = visits.stream()
			.mapToLong((v) -> stageHistory(v).stream().filter("IN_WORK"::equals).count())
			.sum();
		System.out.printf("%nOUTAGE BENCHMARK%n");
		System.out.printf("outage: %s for %.0f s; transitions (Draft -> In work) during it: %d in %.1f s%n", mode,
				outage, timers.size(), transitionSeconds);
		System.out.printf("sync tasks waiting when the portal returned: %d; incidents raised during the outage: %d%n",
				waitingAtReturn, maxIncidents);
		System.out.printf("converged (every item at In work, nothing waiting, no incident left): %s in %.1f s "
				+ "after the portal returned (aim <= 120 s)%n", converged ? "yes" : "NO", convergeSeconds);
		System.out.printf(
				"lost: %d; duplicate items: %d (items %d before, %d after); calendar events: %d for %d "
						+ "visits; moves to In work recorded: %d%n",
				lost, duplicateItems, itemsBefore, this.sandbox.items().size(), events, count, inWorkMoves);
		System.out.printf("incidents left: %d%nEND OUTAGE%n%n", incidents());
		ClockUtil.reset();
	}

	private long waiting() {
		return this.externalTaskService.createExternalTaskQuery().topicName(LifecycleModel.TOPIC_VISIT_ITEM).count()
				+ this.externalTaskService.createExternalTaskQuery()
					.topicName(LifecycleModel.TOPIC_CALENDAR_EVENT)
					.count();
	}

	private long incidents() {
		return this.externalTaskService.createExternalTaskQuery().noRetriesLeft().count();
	}

	private long wrongItems(List<Visit> visits, String stageId) {
		Map<Object, Object> stages = new HashMap<>();
		this.sandbox.items().forEach((item) -> stages.put(item.get("xmlId"), item.get("stageId")));
		return visits.stream().filter((v) -> !stageId.equals(stages.get(v.id().toString()))).count();
	}

	private static boolean await(Duration timeout, BooleanSupplier condition, String what) {
		long until = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < until) {
			if (condition.getAsBoolean()) {
				return true;
			}
			sleep(500);
		}
		if (what != null) {
			throw new IllegalStateException("timed out waiting for " + what);
		}
		return false;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
