package ru.visitflow.bitrix24;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Not a test (the name keeps it out of {@code mvn verify}): run by {@code bench/sync.sh}.
 * With the background running as in production (sync worker, inbox every second) and
 * Bitrix24's limit of 2 requests/s, burst 50 on both sides, plans N new visits (default
 * 200) and, as soon as their cards appear, has people move M of them (default 50) to the
 * success stage by hand. Prints the time until everything settled (every item created and
 * in its visit's stage, every moved visit completed, no event and no sync waiting), how
 * long hand moves waited, and how many were lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = { "server.port=18933",
		"visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.sync.enabled=true",
		"visitflow.bitrix24.reconciliation.enabled=false", "visitflow.bitrix24.sync.poll-interval=200ms",
		"spring.datasource.url=jdbc:h2:mem:visitflow-bench-moves;DB_CLOSE_DELAY=-1", "logging.level.root=WARN" })
class HandMovesBenchmark extends LifecycleTestSupport {

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private InboxProcessor inbox;

	@Test
	void newVisitsAndHandMovesSettle() throws InterruptedException {
		int count = Integer.getInteger("bench.visits", 200);
		int moves = Integer.getInteger("bench.moves", 50);
		long requestsBefore = this.sandbox.requestCount();
		long start = System.nanoTime();
		List<Visit> planned = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			// within the week: In work, where a hand move to success completes the visit
			planned.add(plan((i % 2 == 0) ? REP1 : REP2, String.format("2026-12-%02dT%02d:00", 2 + i % 6, 9 + i % 8)));
		}
		Map<UUID, Long> movedAt = new LinkedHashMap<>();
		Map<UUID, Long> settledAt = new LinkedHashMap<>();
		long deadline = start + Long.getLong("bench.timeout", 240) * 1_000_000_000L;
		boolean settled = false;
		while (!settled && System.nanoTime() < deadline) {
			for (Visit visit : planned.subList(0, moves)) {
				if (!movedAt.containsKey(visit.id())) {
					Long itemId = reload(visit).bitrix24ItemId();
					if (itemId != null) {
						this.sandbox.moveItem(itemId, this.sandbox.stageId("SUCCESS"),
								visit.repId().equals("rep1") ? 2 : 3);
						movedAt.put(visit.id(), System.nanoTime());
					}
				}
				else if (!settledAt.containsKey(visit.id()) && reload(visit).stage() == VisitStage.COMPLETED) {
					settledAt.put(visit.id(), System.nanoTime());
				}
			}
			settled = movedAt.size() == moves && settledAt.size() == moves && everyItemRight(planned)
					&& this.inbox.pendingCount() == 0;
			Thread.sleep(100);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long requests = this.sandbox.requestCount() - requestsBefore;
		double maxWait = 0;
		double sumWait = 0;
		for (Map.Entry<UUID, Long> moved : movedAt.entrySet()) {
			Long done = settledAt.get(moved.getKey());
			if (done != null) {
				double wait = (done - moved.getValue()) / 1e9;
				maxWait = Math.max(maxWait, wait);
				sumWait += wait;
			}
		}
		long lost = planned.subList(0, moves).stream().filter((v) -> reload(v).stage() != VisitStage.COMPLETED).count();
		System.out.printf("%nHAND MOVES BENCHMARK%n");
		System.out.printf(
				"%d new visits and %d hand moves settled: %s in %.1f s with %d HTTP requests (2 requests/s)%n", count,
				moves, settled ? "yes" : "NO", seconds, requests);
		System.out.printf("hand move to visit completed: average %.1f s, longest %.1f s%n",
				settledAt.isEmpty() ? 0 : sumWait / settledAt.size(), maxWait);
		System.out.printf("hand moves lost: %d of %d%n", lost, moves);
		long wrong = planned.stream().filter((v) -> !itemRight(reload(v))).count();
		System.out.printf("items not in their visit's stage: %d; events waiting: %d%n%n", wrong,
				this.inbox.pendingCount());
	}

	private boolean everyItemRight(List<Visit> planned) {
		return planned.stream().allMatch((visit) -> itemRight(reload(visit)));
	}

	private boolean itemRight(Visit current) {
		if (current.bitrix24ItemId() == null) {
			return false;
		}
		String expected = this.sandbox.stageId(switch (current.stage()) {
			case COMPLETED -> "SUCCESS";
			case IN_WORK -> "PREPARATION";
			default -> "NEW";
		});
		Object shown = this.sandbox.item(current.bitrix24ItemId()).map((item) -> item.get("stageId")).orElse(null);
		return expected.equals(shown);
	}

}
