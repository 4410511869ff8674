package ru.visitflow.bitrix24.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Two nodes (two budgets on one database) sending from several threads stay together
 * within one leaky bucket: no interval carries more than the burst plus what the rate
 * drains in it; a pause one node records stops the other; a caller that cannot wait long
 * enough takes no slot.
 */
class SharedRequestBudgetTests extends LifecycleTestSupport {

	private static final double RATE = 40;

	private static final int BURST = 10;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	private SharedRequestBudget node(String portal) {
		return node(portal, RATE, BURST);
	}

	private SharedRequestBudget node(String portal, double rate, int burst) {
		return new SharedRequestBudget(this.jdbc, this.transactions, portal, rate, burst, new SimpleMeterRegistry());
	}

	@Test
	void twoNodesTogetherStayWithinTheBucket() throws Exception {
		String portal = "portal-" + UUID.randomUUID();
		List<SharedRequestBudget> nodes = List.of(node(portal), node(portal));
		List<Long> sent = Collections.synchronizedList(new ArrayList<>());
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int thread = 0; thread < 6; thread++) {
				SharedRequestBudget budget = nodes.get(thread % 2);
				work.add(threads.submit(() -> {
					for (int i = 0; i < 10; i++) {
						assertThat(budget.acquire("crm.item.update", Duration.ofSeconds(10))).isEmpty();
						sent.add(System.nanoTime());
					}
				}));
			}
			for (Future<?> future : work) {
				future.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		List<Long> times = new ArrayList<>(sent);
		Collections.sort(times);
		assertThat(times).hasSize(60);
		// the portal's rule: any interval of length d carries at most burst + rate * d
		// requests (plus scheduling
		// jitter of a few milliseconds on this side)
		for (int from = 0; from < times.size(); from++) {
			for (int to = from; to < times.size(); to++) {
				double seconds = (times.get(to) - times.get(from)) / 1e9;
				assertThat(to - from + 1).as("requests %d..%d within %.3f s", from, to, seconds)
					.isLessThanOrEqualTo((int) Math.floor(BURST + RATE * (seconds + 0.02)));
			}
		}
		// and the rate is used: 60 requests with 8 of burst take about (60 - 8) / 40 s
		double total = (times.get(59) - times.get(0)) / 1e9;
		assertThat(total).isBetween(1.0, 3.0);
	}

	@Test
	void aPauseSeenByOneNodeHoldsForTheOther() {
		String portal = "portal-" + UUID.randomUUID();
		SharedRequestBudget first = node(portal);
		SharedRequestBudget second = node(portal);
		Instant until = Instant.now().plus(Duration.ofMinutes(5));
		first.pause("crm.item.list", until);
		assertThat(second.acquire("crm.item.list", Duration.ofSeconds(1))).hasValueSatisfying(
				(paused) -> assertThat(Duration.between(paused, until).abs()).isLessThan(Duration.ofSeconds(1)));
		assertThat(second.acquire("crm.item.update", Duration.ofSeconds(1))).isEmpty();
		// an earlier pause does not shorten a later one
		second.pause("crm.item.list", Instant.now().plusSeconds(1));
		assertThat(first.acquire("crm.item.list", Duration.ofSeconds(1)))
			.hasValueSatisfying((paused) -> assertThat(paused).isAfter(Instant.now().plus(Duration.ofMinutes(4))));
		// another portal is not paused
		assertThat(node("other-" + UUID.randomUUID()).acquire("crm.item.list", Duration.ofSeconds(1))).isEmpty();
	}

	@Test
	void aCallerThatCannotWaitTakesNoSlot() {
		String portal = "portal-" + UUID.randomUUID();
		// one request a second, 4 of burst usable
		SharedRequestBudget budget = node(portal, 1, 5);
		for (int i = 0; i < 4; i++) {
			assertThat(budget.acquire("batch", Duration.ZERO)).isEmpty();
		}
		assertThatThrownBy(() -> budget.acquire("batch", Duration.ZERO)).isInstanceOf(RequestBudget.Exhausted.class);
		// the refused caller took nothing: the next slot is still at most one interval
		// away, not two
		assertThatThrownBy(() -> budget.acquire("batch", Duration.ZERO)).isInstanceOfSatisfying(
				RequestBudget.Exhausted.class,
				(ex) -> assertThat(ex.waitNeeded()).isLessThanOrEqualTo(Duration.ofSeconds(1)));
	}

}
