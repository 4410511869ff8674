package ru.visitflow.bitrix24;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by {@code bench/sync.sh}.
 * Syncs N stage changes (Draft → In work) to the sandbox with Bitrix24's limit of 2
 * requests/s, burst 50, enforced on both sides, and prints changes per second. Bitrix24's
 * ceiling with 50-command batches is 100/s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.sync.batch-size=2000",
				"visitflow.bitrix24.sync.retries=3",
				"spring.datasource.url=jdbc:h2:mem:visitflow-bench;DB_CLOSE_DELAY=-1", "logging.level.root=WARN" })
class SyncThroughputBenchmark extends LifecycleTestSupport {

	@Autowired
	private VisitSyncWorker worker;

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private Bitrix24 bitrix24;

	@Test
	void stageChanges() {
		int count = Integer.getInteger("bench.changes", 1000);
		List<Visit> visits = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			visits.add(plan((i % 2 == 0) ? REP1 : REP2, String.format("2026-12-%02dT%02d:00", 20 + i % 8, 9 + i % 8)));
		}
		long setupStart = System.nanoTime();
		while (this.worker.syncOnce() > 0) {
		}
		double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

		// the changes: every visit moves from Draft to In work on its timer
		ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2026-12-20T00:00").atZone(MOSCOW).toInstant()));
		List<Job> timers = this.managementService.createJobQuery()
			.activityId(LifecycleModel.TIMER_IN_WORK_DUE)
			.executable()
			.list();
		timers.forEach((job) -> this.managementService.executeJob(job.getId()));

		// a steady state: the client's bucket holds no spare burst when the clock starts
		for (int i = 0; i < 25; i++) {
			this.bitrix24.call("user.current", Map.of());
		}
		long requestsBefore = this.sandbox.requestCount();
		long start = System.nanoTime();
		int tasks = 0;
		int handled;
		while ((handled = this.worker.syncOnce()) > 0) {
			tasks += handled;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long requests = this.sandbox.requestCount() - requestsBefore;
		long wrong = visits.stream()
			.filter((v) -> !this.sandbox.stageId("PREPARATION")
				.equals(this.sandbox.item(reload(v).bitrix24ItemId()).orElseThrow().get("stageId")))
			.count();
		System.out.printf("%nSYNC BENCHMARK%n");
		System.out.printf("visits created and first synced (items + calendar events): %d in %.1f s%n", count,
				setupSeconds);
		System.out.printf("stage changes synced: %d (%d external tasks) in %.2f s with %d HTTP requests%n",
				timers.size(), tasks, seconds, requests);
		System.out.printf("throughput: %.1f stage changes per second (ceiling 100/s at 2 requests/s x 50 commands)%n",
				timers.size() / seconds);
		System.out.printf("items not in the right stage afterwards: %d%n%n", wrong);
	}

}
