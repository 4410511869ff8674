package ru.visitflow.bitrix24;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by
 * {@code bench/first-sync.sh}. N new visits (default 1000), each needing its item and its
 * calendar event, synced to the sandbox with Bitrix24's limit of 2 requests/s, burst 50,
 * enforced on both sides, from a drained bucket (steady state); prints visits per second.
 * The ceiling with 50-command batches is 50 visits/s (two commands each).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.sync.batch-size=2000",
				"visitflow.bitrix24.sync.retries=3",
				"spring.datasource.url=jdbc:h2:mem:visitflow-first-sync;DB_CLOSE_DELAY=-1", "logging.level.root=WARN" })
class FirstSyncBenchmark extends LifecycleTestSupport {

	@Autowired
	private VisitSyncWorker worker;

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private Bitrix24 bitrix24;

	@Test
	void firstSync() {
		int count = Integer.getInteger("bench.visits", 1000);
		this.sandbox.setEventDelivery(false);
		List<Visit> visits = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			visits.add(plan((i % 2 == 0) ? REP1 : REP2, String.format("2026-12-%02dT%02d:00", 20 + i % 8, 9 + i % 8)));
		}
		// a steady state: neither the client's bucket nor the portal's holds a spare
		// burst
		for (int i = 0; i < 50; i++) {
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
		long unsynced = visits.stream().map(this::reload).filter((v) -> v.bitrix24ItemId() == null).count();
		Map<Object, Integer> byXmlId = new HashMap<>();
		this.sandbox.items().forEach((item) -> byXmlId.merge(item.get("xmlId"), 1, Integer::sum));
		long duplicates = visits.stream()
			.mapToLong((v) -> Math.max(0, byXmlId.getOrDefault(v.id().toString(), 0) - 1))
			.sum();
		long events = this.sandbox.calendarEvents(2).size() + this.sandbox.calendarEvents(3).size();
		System.out.printf("%nFIRST SYNC BENCHMARK%n");
		System.out.printf("new visits synced (item + calendar event each): %d (%d external tasks) in %.2f s "
				+ "with %d HTTP requests%n", count, tasks, seconds, requests);
		System.out.printf("throughput: %.1f visits per second (ceiling 50/s at 2 requests/s x 50 commands)%n",
				count / seconds);
		System.out.printf("visits without an item: %d; duplicate items: %d; calendar events: %d%n", unsynced,
				duplicates, events);
		System.out.printf("END FIRST SYNC%n%n");
	}

}
